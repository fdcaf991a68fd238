#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft) for development, tests and CI.
# The broker comes from Maven Central as jars; it needs Java 17+ and Maven.
#
#   infra/kafka.sh fetch    download the broker jars once (cached)
#   infra/kafka.sh start    fetch if needed, format storage, start, wait until ready
#   infra/kafka.sh stop     stop the broker started by this script
#   infra/kafka.sh status   print whether it answers
#
# Settings (environment): KAFKA_VERSION (4.3.1), KAFKA_PORT (9092),
# KAFKA_HOME_DIR (cache of jars, ~/.cache/ehr-kafka), KAFKA_DATA_DIR (broker data, infra/.kafka).
set -euo pipefail

KAFKA_VERSION=${KAFKA_VERSION:-4.3.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
here=$(cd "$(dirname "$0")" && pwd)
cache=${KAFKA_HOME_DIR:-$HOME/.cache/ehr-kafka}/$KAFKA_VERSION
data=${KAFKA_DATA_DIR:-$here/.kafka}
libs=$cache/libs
pidfile=$data/kafka.pid
log=$data/kafka.log

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }

fetch() {
  if [ -f "$cache/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { echo "kafka.sh: Maven (mvn) is needed to fetch the broker" >&2; exit 1; }
  mkdir -p "$cache"
  cat >"$cache/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ehr.local</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
  echo "kafka.sh: fetching Apache Kafka $KAFKA_VERSION from Maven Central into $cache" >&2
  mvn -q -B -f "$cache/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" >&2
  cat >"$cache/log4j2.properties" <<'LOG'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka.server.KafkaRaftServer
logger.kafka.level = INFO
LOG
  touch "$cache/.complete"
}

java_run() {
  java -Xms256m -Xmx768m -XX:+UseG1GC -Dlog4j2.configurationFile="$cache/log4j2.properties" -cp "$libs/*" "$@"
}

start() {
  if port_open; then echo "kafka.sh: something already listens on 127.0.0.1:$KAFKA_PORT; using it" >&2; return 0; fi
  fetch
  mkdir -p "$data"
  local props=$data/server.properties
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  if [ ! -f "$data/logs/meta.properties" ]; then
    java_run kafka.tools.StorageTool format --standalone -t "$(java_run kafka.tools.StorageTool random-uuid)" -c "$props" >/dev/null
  fi
  nohup java -Xms256m -Xmx768m -XX:+UseG1GC -Dlog4j2.configurationFile="$cache/log4j2.properties" \
    -cp "$libs/*" kafka.Kafka "$props" >"$log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "kafka.sh: the broker exited during start-up; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1
    fi
    if port_open && grep -q "Kafka Server started" "$log"; then echo "kafka.sh: broker ready on 127.0.0.1:$KAFKA_PORT" >&2; return 0; fi
    sleep 0.5
  done
  echo "kafka.sh: the broker did not become ready in 60 s; see $log" >&2
  exit 1
}

stop() {
  [ -f "$pidfile" ] || { echo "kafka.sh: not started by this script" >&2; return 0; }
  local pid; pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "kafka.sh: stopped" >&2
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if port_open; then echo "up on 127.0.0.1:$KAFKA_PORT"; else echo "down"; exit 1; fi ;;
  *) echo "usage: infra/kafka.sh fetch|start|stop|status" >&2; exit 2 ;;
esac
