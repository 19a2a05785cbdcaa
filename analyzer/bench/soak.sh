#!/usr/bin/env bash
# Issue #7 "Load" soak, a benchmark run (the suite runs SoakIT, a 30 s version): HOSTS x VRS at 1 Hz for
# MINUTES through a broker process, the analyzer service and influxd; prints lag, heap after GC and RSS every
# 10 s, then what InfluxDB holds against what was sent.
#   [SOAK_OPTS=-Dsoak.drainMinutes=N] analyzer/bench/soak.sh [HOSTS] [VRS] [MINUTES]   (defaults 2000 50 10; drain 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
HOSTS=${1:-2000} VRS=${2:-50} MINUTES=${3:-10}
./mvnw -q -B -o test-compile -pl analyzer -am
./mvnw -q -B -o -pl analyzer dependency:build-classpath -Dmdep.outputFile="$PWD/analyzer/target/cp.txt"
CP="protocol/target/classes:testkit/target/classes:analyzer/target/classes:analyzer/target/test-classes"
CP="$CP:$(cat analyzer/target/cp.txt)"
git log -1 --format='commit %h %s'
exec flock /tmp/vrg-bench.lock java ${SOAK_OPTS:-} -Xmx4g -XX:+UseG1GC -Dlogback.configurationFile=analyzer/bench/logback-bench.xml -cp "$CP" io.vrguard.analyzer.bench.SoakRun \
    "$HOSTS" "$VRS" "$MINUTES"
