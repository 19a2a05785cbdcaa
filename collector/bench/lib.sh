# Shared by the collector's bench scripts (sourced): 64 namespaced VRs, a KRaft broker from Kafka's Maven artifacts,
# and the cleanup of both, run at exit. Every kernel object is named vrgc-b* / vrgcb*, every cgroup lives under
# vrgc-bench. Sets ROOT (the repository), JAR (the collector jar, $JAR if given), WORK (a scratch directory) and
# JVM_FLAGS ($JVM_FLAGS if given, else the agent's documented flags); PIDS holds the processes to stop.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${JAR:-$ROOT/collector/target/collector.jar}
WORK=$(mktemp -d /tmp/vrgc-bench.XXXXXX)

# the agent footprint flags (collector/README.md "JVM settings")
BENCH_JVM_FLAGS="-Xmx24m -Xms8m -Xmn3m -Xss256k -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=80m \
 -XX:MaxDirectMemorySize=16m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000 \
 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData"
JVM_FLAGS=${JVM_FLAGS:-$BENCH_JVM_FLAGS}
# glibc would give each JVM thread its own malloc arena (64 MB reservations, touched pages add to RSS)
export MALLOC_ARENA_MAX=2
PIDS=()
trap bench_cleanup EXIT

bench_cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 1
  for ns in $(ip netns list | awk '/^vrgc-b/ {print $1}'); do ip netns del "$ns" 2>/dev/null || true; done
  for l in $(ls /sys/class/net | grep '^vrgcb' || true); do ip link del "$l" 2>/dev/null || true; done
  for c in cpu cpuacct; do
    if [ -d /sys/fs/cgroup/$c/vrgc-bench ]; then
      for d in /sys/fs/cgroup/$c/vrgc-bench/*/; do
        [ -d "$d" ] && { while read -r t; do echo "$t" > /sys/fs/cgroup/$c/cgroup.procs 2>/dev/null || true; done < "$d/cgroup.procs"; rmdir "$d" 2>/dev/null || true; }
      done
      rmdir /sys/fs/cgroup/$c/vrgc-bench 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
metric() { curl -s "http://127.0.0.1:$1/actuator/prometheus" | awk -v m="$2" '$1 == m {print $2}'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# bench_vrs N: N VRs, each a netns with two veths inside (peers on the host) and a sleeping process in its own
# cpu,cpuacct cgroup; writes their inventory to $WORK/inventory.yaml, their pids to $WORK/vr-pids and their groups
# to $WORK/vr-groups
bench_vrs() {
  mkdir -p /sys/fs/cgroup/cpu/vrgc-bench /sys/fs/cgroup/cpuacct/vrgc-bench
  local inv=$WORK/inventory.yaml i ns
  echo "routers:" > "$inv"
  for i in $(seq -w 1 "$1"); do
    ns=vrgc-b$i
    ip netns add "$ns"
    ip link add vrgcb${i}a type veth peer name vrgcb${i}b
    ip link add vrgcb${i}c type veth peer name vrgcb${i}d
    ip link set vrgcb${i}b netns "$ns"; ip link set vrgcb${i}d netns "$ns"
    ip link set vrgcb${i}a up; ip link set vrgcb${i}c up
    ip -n "$ns" link set vrgcb${i}b up; ip -n "$ns" link set vrgcb${i}d up
    ip netns exec "$ns" sleep 100000 & PIDS+=($!)
    for c in cpu cpuacct; do mkdir -p /sys/fs/cgroup/$c/vrgc-bench/vr$i; echo $! > /sys/fs/cgroup/$c/vrgc-bench/vr$i/cgroup.procs; done
    echo $! >> "$WORK/vr-pids"; echo "vrgc-bench/vr$i" >> "$WORK/vr-groups"
    printf '  - {name: vrgc-b%s, kind: lxc, netns: %s, cgroup: vrgc-bench/vr%s, interfaces: [vrgcb%sb, vrgcb%sd]}\n' \
      "$i" "$ns" "$i" "$i" "$i" >> "$inv"
  done
}

# bench_broker_prepare: a formatted KRaft broker in $WORK (not started); sets KPORT and KCP
bench_broker_prepare() {
  (cd "$ROOT" && ./mvnw -q -B -o dependency:build-classpath -pl testkit -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
  KPORT=$(free_port); local cport; cport=$(free_port)
  cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$KPORT,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$KPORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
  echo "<configuration><root level='WARN'/></configuration>" > "$WORK/logback.xml"
  KCP=$(cat "$WORK/cp.txt")
  java -Dlogback.configurationFile="$WORK/logback.xml" -cp "$KCP" kafka.tools.StorageTool format -t "$(java -cp "$KCP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" -c "$WORK/server.properties" >/dev/null
}

# bench_broker_start: starts the prepared broker and waits for its port
bench_broker_start() {
  java -Xmx384m -XX:+UseSerialGC -Dlogback.configurationFile="$WORK/logback.xml" -cp "$KCP" kafka.Kafka "$WORK/server.properties" > "$WORK/kafka.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$KPORT) 2>/dev/null && break; sleep 1; done
}

# bench_collector NAME JAR INTERVAL PORT [JVM FLAG...]: the collector on the lab's inventory and broker, with the
# agent's flags ($JVM_FLAGS; flags given here come after them and override them), management port PORT, spool
# $WORK/spool-NAME and log $WORK/collector-NAME.log; sets COLLECTOR to its pid
bench_collector() {
  local name=$1 jar=$2 interval=$3 port=$4
  shift 4
  # shellcheck disable=SC2086
  java $JVM_FLAGS "$@" -jar "$jar" --interval="$interval" --inventory="$WORK/inventory.yaml" --host-id="bench-$name" \
    --server.port="$port" --spool-dir="$WORK/spool-$name" --spring.kafka.bootstrap-servers=127.0.0.1:$KPORT \
    > "$WORK/collector-$name.log" 2>&1 &
  COLLECTOR=$!; PIDS+=($COLLECTOR)
}

# bench_wait_healthy PORT: until the collector's /actuator/health answers (at most 120 s)
bench_wait_healthy() {
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$1/actuator/health" && return; sleep 1; done
}
