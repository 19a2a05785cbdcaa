#!/usr/bin/env bash
# Issue #8 "Scale" benchmark, one run: fills a real broker with a synthetic fleet (HOSTS x VRS x INTERVALS host
# samples), then Kafka's ConsumerPerformance, the analyzer's consume+decode+detect, the analyzer service end to
# end into influxd, and its InfluxDB writer against a plain bulk line-protocol load. Figures go to stdout; copy
# them into docs/benchmarks.md with this command line.
#   analyzer/bench/run.sh [HOSTS] [VRS] [INTERVALS]        (defaults 2000 50 8)
# Runs under flock /tmp/vrg-bench.lock so benchmarks of the helpers sharing this machine do not overlap.
set -euo pipefail
cd "$(dirname "$0")/../.."
HOSTS=${1:-2000} VRS=${2:-50} INTERVALS=${3:-8}
./mvnw -q -B test-compile -pl analyzer -am
./mvnw -q -B -f analyzer/bench/kafka-tools.pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile="$PWD/analyzer/target/kafka-tools.cp"
./mvnw -q -B -pl analyzer dependency:build-classpath -Dmdep.outputFile="$PWD/analyzer/target/cp.txt"
# the reactor's own classes first: ~/.m2 may hold another branch's snapshot of protocol or testkit
CP="protocol/target/classes:testkit/target/classes:analyzer/target/classes:analyzer/target/test-classes"
CP="$CP:$(cat analyzer/target/cp.txt)"
git log -1 --format='commit %h %s'
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; java $(java -version 2>&1 | head -1)"
exec flock /tmp/vrg-bench.lock java ${BENCH_OPTS:-} -Xmx6g -XX:+UseG1GC -Dlogback.configurationFile=analyzer/bench/logback-bench.xml -Dbench.kafkaToolsCp="$(cat analyzer/target/kafka-tools.cp)" \
    -cp "$CP" io.vrguard.analyzer.bench.ScaleBench "$HOSTS" "$VRS" "$INTERVALS"
