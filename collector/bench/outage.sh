#!/usr/bin/env bash
# Reliability benchmark: the collector at 10 Hz with 64 VRs / 128 interfaces and the agent's JVM flags while Kafka is
# away for OUTAGE_SECONDS (its broker starts only then), then 60 s of catching up. Prints the spool depth and the
# samples delivered every 5 s, the collector's CPU per sample and GC pauses during the outage, and whether it ran
# out of heap. Needs root (network namespaces, veths and cgroups named vrgc-*, removed at the end).
# Usage: collector/bench/outage.sh [OUTAGE_SECONDS]   (run from the repository root after ./mvnw package)
set -euo pipefail
OUTAGE=${1:-60}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

echo "== creating 64 VRs (netns + 2 veth pairs + cgroup each)"
bench_vrs 64
bench_broker_prepare
HTTP=$(free_port)
echo "== collector at 100ms, Kafka away for $OUTAGE s (JVM flags: $JVM_FLAGS)"
bench_collector outage "$JAR" 100ms "$HTTP" -Xlog:gc:file="$WORK/gc.log"
C=$COLLECTOR
bench_wait_healthy "$HTTP"
c0=$(cpu_ticks $C); s0=$(metric $HTTP collector_samples_taken_total); g0=$(grep -c Pause "$WORK/gc.log" || true)
sleep "$OUTAGE"
c1=$(cpu_ticks $C); s1=$(metric $HTTP collector_samples_taken_total)
pauses() { awk -v from="$1" '/Pause/ {n++; if (n > from) {gsub("ms", "", $NF); t += $NF; if (/Full/) f++; else y++}}
  END {printf "%d full + %d young collections, %.0f ms paused", f, y, t}' "$WORK/gc.log"; }
awk -v c=$((c1 - c0)) -v s0="$s0" -v s1="$s1" -v hz="$(getconf CLK_TCK)" -v d="$(metric $HTTP collector_spool_depth)" \
  'BEGIN {printf "outage: %d samples taken, spool depth %s, collector CPU %.2f ms/sample, ", s1 - s0, d, c * 1000 / hz / (s1 - s0)}'
echo "$(pauses "$g0"), health $(curl -s "http://127.0.0.1:$HTTP/actuator/health")"
g1=$(grep -c Pause "$WORK/gc.log" || true)
echo "== broker started"
bench_broker_start
for i in $(seq 5 5 60); do
  sleep 5
  if ! kill -0 $C 2>/dev/null; then echo "t+${i}s collector exited"; break; fi
  echo "t+${i}s spool depth $(metric $HTTP collector_spool_depth), delivered $(metric $HTTP collector_samples_published_total), RSS $(( $(rss_kb $C) / 1024 )) MB, health $(curl -s "http://127.0.0.1:$HTTP/actuator/health")"
done
echo "after the broker returned: $(pauses "$g1")"
echo "OutOfMemoryError in the collector's log: $(grep -c OutOfMemoryError "$WORK/collector-outage.log" || true)"
