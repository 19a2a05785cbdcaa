#!/usr/bin/env bash
# Side by side: several collector variants (jar, JVM flags, interval) sampling the same 64 VRs into one broker at the
# same time, so that differences between them are not differences between two runs. Prints, per variant, CPU per
# sample over the window and resident memory (at the end, mean and max of a reading every 2 s). The variants share
# the machine's two cores: compare them with each other, not with collector/bench/run.sh's absolute figures.
# Needs root (the lab of lib.sh, removed at the end).
# Usage: collector/bench/compare.sh INTERVAL WARMUP_SECONDS MEASURE_SECONDS VARIANTS_FILE
#   VARIANTS_FILE, one variant per line: NAME|JAR|EXTRA JVM FLAGS|INTERVAL (empty: the first argument)
#   e.g.  xmn3|collector/target/collector.jar||        xmn2|collector/target/collector.jar|-Xmn2m|1s
# Extra flags come after lib.sh's documented flags, so they override them.
set -euo pipefail
[ $# -eq 4 ] || { sed -n '7,10p' "$0"; exit 2; }
INTERVAL=$1 WARMUP=$2 MEASURE=$3 VARIANTS=$4
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

bench_vrs 64
bench_broker_prepare
bench_broker_start

declare -A PID_OF PORT_OF C0 S0 RSUM RMAX
while IFS='|' read -r name jar flags interval; do
  [ -z "$name" ] && continue
  PORT_OF[$name]=$(free_port)
  # shellcheck disable=SC2086
  bench_collector "$name" "$jar" "${interval:-$INTERVAL}" "${PORT_OF[$name]}" $flags
  PID_OF[$name]=$COLLECTOR
done < "$VARIANTS"
NAMES=$(printf '%s\n' "${!PID_OF[@]}" | sort)

sleep "$WARMUP"
for n in $NAMES; do
  C0[$n]=$(cpu_ticks "${PID_OF[$n]}"); S0[$n]=$(metric "${PORT_OF[$n]}" collector_samples_taken_total)
  RSUM[$n]=0; RMAX[$n]=0
done
readings=0; end=$(( $(date +%s) + MEASURE ))
while [ "$(date +%s)" -lt "$end" ]; do
  for n in $NAMES; do
    r=$(rss_kb "${PID_OF[$n]}"); RSUM[$n]=$(( RSUM[$n] + r )); [ "$r" -gt "${RMAX[$n]}" ] && RMAX[$n]=$r
  done
  readings=$((readings + 1)); sleep 2
done
hz=$(getconf CLK_TCK)
for n in $NAMES; do
  c=$(cpu_ticks "${PID_OF[$n]}"); s=$(metric "${PORT_OF[$n]}" collector_samples_taken_total)
  awk -v n="$n" -v c=$((c - C0[$n])) -v s0="${S0[$n]}" -v s1="$s" -v hz="$hz" -v r="$(rss_kb "${PID_OF[$n]}")" \
      -v sum="${RSUM[$n]}" -v k=$readings -v max="${RMAX[$n]}" 'BEGIN {
    printf "%-16s %5d samples %6.2f ms CPU/sample  RSS end %.1f mean %.1f max %.1f MB\n",
      n, s1 - s0, c * 1000 / hz / (s1 - s0), r / 1024, sum / k / 1024, max / 1024 }'
done
