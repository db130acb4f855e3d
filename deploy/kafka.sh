#!/usr/bin/env bash
# Runs a real single-node Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars.
#
#   deploy/kafka.sh start    resolve jars (once), format fresh storage, start, wait until ready
#   deploy/kafka.sh stop     stop the broker started by this script
#   deploy/kafka.sh status   exit 0 if the broker answers
#
# Needs Java >= 17 and Maven. Environment:
#   KAFKA_VERSION   (default 4.4.0)
#   KAFKA_HOME_DIR  where jars, config, data and logs live (default ~/.cache/pnr-screen/kafka)
#   KAFKA_PORT      client port (default 39092); the controller uses KAFKA_PORT+1
set -euo pipefail

KAFKA_VERSION=${KAFKA_VERSION:-4.4.0}
KAFKA_HOME_DIR=${KAFKA_HOME_DIR:-$HOME/.cache/pnr-screen/kafka}
KAFKA_PORT=${KAFKA_PORT:-39092}
CONTROLLER_PORT=$((KAFKA_PORT + 1))
LIBS="$KAFKA_HOME_DIR/libs-$KAFKA_VERSION"
RUN="$KAFKA_HOME_DIR/run-$KAFKA_PORT"

log() { echo "[kafka.sh] $*" >&2; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; }

resolve_jars() {
  if [ -f "$LIBS/.complete" ]; then return; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required"; exit 1; }
  command -v java >/dev/null || { log "Java >= 17 is required"; exit 1; }
  log "Resolving Kafka $KAFKA_VERSION jars from Maven Central into $LIBS"
  mkdir -p "$KAFKA_HOME_DIR/pom-$KAFKA_VERSION"
  cat > "$KAFKA_HOME_DIR/pom-$KAFKA_VERSION/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
 <groupId>local.pnr-screen</groupId><artifactId>kafka-dist</artifactId><version>1</version><packaging>pom</packaging>
 <dependencies>
  <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
  <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.20</version></dependency>
  <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.26.1</version></dependency>
  <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.26.1</version></dependency>
 </dependencies></project>
POM
  rm -rf "$LIBS"
  mvn -B -q -f "$KAFKA_HOME_DIR/pom-$KAFKA_VERSION/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIBS"
  touch "$LIBS/.complete"
}

write_config() {
  mkdir -p "$RUN"
  cat > "$RUN/log4j2.properties" <<'L4J'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = STDOUT
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = info
L4J
  cat > "$RUN/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
}

start() {
  if answers; then log "A broker already answers on 127.0.0.1:$KAFKA_PORT"; return; fi
  resolve_jars
  write_config
  local jopts=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
               "-Dlog4j2.configurationFile=$RUN/log4j2.properties" "-Dkafka.logs.dir=$RUN")
  rm -rf "$RUN/data"
  local cid
  cid=$(java "${jopts[@]}" -cp "$LIBS/*" kafka.tools.StorageTool random-uuid)
  java "${jopts[@]}" -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cid" -c "$RUN/server.properties" >"$RUN/format.log" 2>&1 \
    || { cat "$RUN/format.log" >&2; exit 1; }
  log "Starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (logs: $RUN/kafka.out)"
  nohup java "${jopts[@]}" -cp "$LIBS/*" kafka.Kafka "$RUN/server.properties" >"$RUN/kafka.out" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  for _ in $(seq 1 120); do
    if grep -q "Kafka Server started" "$RUN/kafka.out" 2>/dev/null && answers; then
      log "Kafka is ready on 127.0.0.1:$KAFKA_PORT"
      return
    fi
    if ! kill -0 "$(cat "$RUN/kafka.pid")" 2>/dev/null; then
      log "Kafka exited during start-up:"; tail -n 40 "$RUN/kafka.out" >&2; exit 1
    fi
    sleep 1
  done
  log "Kafka did not become ready within 120 s:"; tail -n 40 "$RUN/kafka.out" >&2; exit 1
}

stop() {
  if [ -f "$RUN/kafka.pid" ]; then
    local pid; pid=$(cat "$RUN/kafka.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$RUN/kafka.pid"
    log "Kafka stopped"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
