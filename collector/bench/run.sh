#!/usr/bin/env bash
# Benchmark: the collector's CPU time per host sample and resident memory with 64 VRs / 128 interfaces, at 1 Hz and
# 10 Hz, beside prometheus-node-exporter (netdev, softnet, interrupts, stat, cpu collectors only) scraped at the same
# rate, and beside the floor: the same kernel reads per sample in C with nothing else (readfloor.c). Needs root
# (creates network namespaces, veths and cgroups, all named vrgc-*, removed at the end) and gcc.
# Usage: collector/bench/run.sh [SECONDS_PER_RATE]   (run from the repository root after ./mvnw package)
set -euo pipefail
SECONDS_PER_RATE=${1:-40}
# warm-up before measuring, in samples (at least 15 s): a long-running agent's steady state, once the JIT has
# compiled the sampling path, is what an operator pays; at 1 Hz 15 s are only 15 samples, mostly interpreted
WARMUP_SAMPLES=${WARMUP_SAMPLES:-120}
VRS=64
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# JFR=1: also record a JFR profile of each rate into collector/target/bench-RATE.jfr
JFR=${JFR:-0}
CLK_TCK=$(getconf CLK_TCK)

# per thread of PID: "name utime stime" in ticks (the name is the 2nd field, without parentheses or spaces)
thread_ticks() {
  for t in /proc/$1/task/*; do
    awk '{s=$0; sub(/^[^(]*\(/, "", s); n=substr(s, 1, index(s, ")") - 1); gsub(/ /, "_", n);
          sub(/^[^)]*\) /, "", s); split(s, f, " "); print n, f[12], f[13]}' "$t/stat" 2>/dev/null
  done | awk '{u[$1]+=$2; k[$1]+=$3} END {for (n in u) print n, u[n], k[n]}' | sort
}

echo "== creating $VRS VRs (netns + 2 veth pairs + cgroup each)"
bench_vrs $VRS

echo "== starting a Kafka broker (KRaft, from Kafka's Maven artifacts)"
bench_broker_prepare
bench_broker_start

NE_PORT=$(free_port)
prometheus-node-exporter --collector.disable-defaults --collector.netdev --collector.softnet --collector.interrupts \
  --collector.stat --collector.cpu --web.listen-address=127.0.0.1:$NE_PORT > "$WORK/ne.log" 2>&1 & NE=$!; PIDS+=($NE)
sleep 1

# the same kernel reads per sample in C and nothing else: the floor under any collector of these figures
gcc -O2 -Wall -Wno-format-truncation -o "$WORK/readfloor" "$(dirname "$0")/readfloor.c"

RESULTS=$WORK/results.txt
for interval in 1s 100ms; do
  case $interval in 1s) period=1;; 100ms) period=0.1;; esac
  HTTP=$(free_port)
  echo "== collector at $interval (JVM flags: $JVM_FLAGS)"
  jfr=""
  [ "$JFR" = 1 ] && jfr="-XX:StartFlightRecording=settings=profile,filename=$ROOT/collector/target/bench-$interval.jfr,dumponexit=true"
  # shellcheck disable=SC2086
  bench_collector "$interval" "$JAR" "$interval" "$HTTP" $jfr
  C=$COLLECTOR
  bench_wait_healthy "$HTTP"
  warmup=$(awk -v n=$WARMUP_SAMPLES -v p=$period 'BEGIN {w = n * p; print (w < 15 ? 15 : w)}')
  echo "   warming up ${warmup} s"
  sleep "$warmup"
  c0=$(cpu_ticks $C); s0=$(metric $HTTP collector_samples_taken_total); n0=$(cpu_ticks $NE)
  thread_ticks $C > "$WORK/threads0"
  n0u=$(awk '{print $14}' /proc/$NE/stat); n0s=$(awk '{print $15}' /proc/$NE/stat)
  # settings every sample up to 1 Hz, every 10th at 10 Hz (HostReader's settingsEvery)
  floor_settings=$(awk -v p=$period 'BEGIN {print (p < 1 ? int(1 / p + 0.5) : 1)}')
  "$WORK/readfloor" "$(awk -v p=$period 'BEGIN {print p * 1000}')" "$(awk -v s=$SECONDS_PER_RATE -v p=$period 'BEGIN {print int(s / p)}')" \
    "$floor_settings" "$WORK/vr-pids" "$WORK/vr-groups" > "$WORK/floor-$interval" & FLOOR=$!
  end=$(( $(date +%s) + SECONDS_PER_RATE )); scrapes=0
  while [ "$(date +%s)" -lt "$end" ]; do
    curl -s -o /dev/null "http://127.0.0.1:$NE_PORT/metrics"; scrapes=$((scrapes + 1)); sleep $period
  done
  c1=$(cpu_ticks $C); s1=$(metric $HTTP collector_samples_taken_total); n1=$(cpu_ticks $NE)
  wait $FLOOR
  read -r fu fk < "$WORK/floor-$interval"
  thread_ticks $C > "$WORK/threads1"
  n1u=$(awk '{print $14}' /proc/$NE/stat); n1s=$(awk '{print $15}' /proc/$NE/stat)
  # where the collector's CPU went, per thread (user / system ms per sample), beside node_exporter's split
  join -a 2 -e 0 -o 2.1,1.2,1.3,2.2,2.3 "$WORK/threads0" "$WORK/threads1" | awk -v hz=$CLK_TCK -v s0="$s0" -v s1="$s1" \
    -v i=$interval '{u=($4-$2)*1000/hz/(s1-s0); k=($5-$3)*1000/hz/(s1-s0); if (u+k > 0) printf "%-6s thread %-24s user %6.2f  sys %6.2f ms/sample\n", i, $1, u, k}' \
    | sort -k5 -nr | tee -a "$RESULTS.threads"
  awk -v i=$interval -v u=$((n1u - n0u)) -v k=$((n1s - n0s)) -v n=$scrapes -v hz=$CLK_TCK \
    'BEGIN {printf "%-6s node_exporter user %6.2f  sys %6.2f ms/scrape\n", i, u*1000/hz/n, k*1000/hz/n}' | tee -a "$RESULTS.threads"
  awk -v i=$interval -v u="$fu" -v k="$fk" -v n=$((n1 - n0)) -v sc=$scrapes -v hz=$CLK_TCK \
    'BEGIN {printf "%-6s read floor (readfloor.c) user %6.2f  sys %6.2f ms/sample = %.2f x node_exporter\n", i, u, k, (u+k)/(n*1000/hz/sc)}' \
    | tee -a "$RESULTS"
  rss=$(rss_kb $C); ne_rss=$(rss_kb $NE)
  depth=$(metric $HTTP collector_spool_depth); published=$(metric $HTTP collector_samples_published_total)
  vrs=$(curl -s "http://127.0.0.1:$HTTP/actuator/health" || true)
  # NMT=1 with -XX:NativeMemoryTracking=summary in JVM_FLAGS: where the collector's memory is, at the end of the run
  [ "${NMT:-0}" = 1 ] && { jcmd $C VM.native_memory summary; jcmd $C GC.heap_info; grep -E 'Rss' /proc/$C/status; } \
    > "$ROOT/collector/target/bench-nmt-$interval.txt" 2>&1
  kill $C; wait $C 2>/dev/null || true
  awk -v i=$interval -v c=$((c1 - c0)) -v s0="$s0" -v s1="$s1" -v n=$((n1 - n0)) -v k=$scrapes -v hz=$CLK_TCK \
      -v rss=$rss -v nrss=$ne_rss -v d="$depth" -v p="$published" 'BEGIN {
    cs = (s1 - s0); cms = c * 1000 / hz / cs; nms = n * 1000 / hz / k;
    printf "%-6s collector: %d samples, %.2f ms CPU/sample, RSS %.1f MB (spool depth %s, published %s) | node_exporter: %d scrapes, %.2f ms CPU/scrape, RSS %.1f MB | ratio %.2f\n",
      i, cs, cms, rss / 1024, d, p, k, nms, nrss / 1024, cms / nms }' | tee -a "$RESULTS"
done
echo "== results"; cat "$RESULTS"; echo "== per thread"; cat "$RESULTS.threads"
