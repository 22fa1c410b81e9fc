#!/usr/bin/env bash
# Starts / stops the production-like infrastructure on loopback for the tests and for trying the production
# topology by hand: a standalone ActiveMQ Artemis broker (distribution from Maven Central) and PostgreSQL
# (Debian package). Usage: scripts/infra.sh start|stop|status|env|restart-broker-hard|restart-db|wipe
#   INFRA_DIR (default /tmp/lienthong-infra), ARTEMIS_VERSION (2.40.0), ARTEMIS_PORT (61617), PG_PORT (55432),
#   ARTEMIS_DIST_DIR (where the distribution is unpacked; default INFRA_DIR, so instances can share one copy),
#   REDELIVERY_DELAY_MS (1000: first redelivery delay of a rolled-back message; doubles up to 60 s),
#   BROKER_XMX (512M). Several instances can run side by side with distinct INFRA_DIR and ports (the crash tests
#   use their own, so that killing their broker never disturbs another test).
set -euo pipefail
cd "$(dirname "$0")/.."
INFRA_DIR=${INFRA_DIR:-/tmp/lienthong-infra}
ARTEMIS_VERSION=${ARTEMIS_VERSION:-2.40.0}
ARTEMIS_PORT=${ARTEMIS_PORT:-61617}
PG_PORT=${PG_PORT:-55432}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
ARTEMIS_DIST_DIR=${ARTEMIS_DIST_DIR:-$INFRA_DIR}
REDELIVERY_DELAY_MS=${REDELIVERY_DELAY_MS:-1000}
BROKER_XMX=${BROKER_XMX:-512M}
BROKER_HOME="$ARTEMIS_DIST_DIR/apache-artemis-$ARTEMIS_VERSION"
BROKER_INSTANCE="$INFRA_DIR/broker"
PG_DATA="$INFRA_DIR/pg"

as_postgres() {
  # PostgreSQL refuses to run as root; CI runs as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_prerequisites() {
  if [ -z "$PG_BIN" ]; then
    echo "installing postgresql (Debian package)"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  if [ ! -x "$BROKER_HOME/bin/artemis" ]; then
    echo "fetching apache-artemis $ARTEMIS_VERSION from Maven Central"
    mkdir -p "$ARTEMIS_DIST_DIR"
    mvn -q -B dependency:copy -Dartifact="org.apache.activemq:apache-artemis:$ARTEMIS_VERSION:tar.gz:bin" \
        -DoutputDirectory="$ARTEMIS_DIST_DIR" >/dev/null
    tar -xzf "$ARTEMIS_DIST_DIR/apache-artemis-$ARTEMIS_VERSION-bin.tar.gz" -C "$ARTEMIS_DIST_DIR"
  fi
}

start_pg() {
  mkdir -p "$INFRA_DIR"; chmod 755 "$INFRA_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    mkdir -p "$PG_DATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DATA"
    as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 >/dev/null
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
      -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
  fi
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1 FROM pg_roles WHERE rolname='gateway'" | grep -q 1 \
    || as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE ROLE gateway LOGIN PASSWORD 'gateway'"
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='gateway'" | grep -q 1 \
    || as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE gateway OWNER gateway"
}

start_broker() {
  if [ ! -d "$BROKER_INSTANCE" ]; then
    "$BROKER_HOME/bin/artemis" create "$BROKER_INSTANCE" --silent --user gateway --password gateway --require-login \
      --host 127.0.0.1 --default-port "$ARTEMIS_PORT" --no-web --no-amqp-acceptor --no-mqtt-acceptor \
      --no-hornetq-acceptor --no-stomp-acceptor --queues "" >/dev/null
    # the gateway's retries: rolled-back deliveries come back with exponential backoff (see EmbeddedBroker)
    # (docs/production.md lists the address settings the gateway expects; journal-datasync stays true)
    sed -i "s#<redelivery-delay>0</redelivery-delay>#<redelivery-delay>$REDELIVERY_DELAY_MS</redelivery-delay><redelivery-delay-multiplier>2</redelivery-delay-multiplier><max-redelivery-delay>60000</max-redelivery-delay><max-delivery-attempts>200</max-delivery-attempts>#" "$BROKER_INSTANCE/etc/broker.xml"
    # the roles of docker/artemis/primary/broker.xml (BrokerRoles): user gateway gets role gateway (everything)
    perl -0 -i -pe 'BEGIN { local $/; open my $f, "<", "docker/artemis/primary/broker.xml" or die; my $x = <$f>;
        ($s) = $x =~ m#(<security-settings>.*?</security-settings>)#s or die "no security-settings" }
        s#<security-settings>.*?</security-settings>#$s#s' "$BROKER_INSTANCE/etc/broker.xml"
    # the generated roles file ends without a newline: a plain `echo >>` would glue this entry to its last line
    printf '\ngateway = gateway\n' >> "$BROKER_INSTANCE/etc/artemis-roles.properties"
    sed -i "s#-Xms512M -Xmx2G#-Xms128M -Xmx$BROKER_XMX -XX:+ExitOnOutOfMemoryError#" "$BROKER_INSTANCE/etc/artemis.profile"
  fi
  if ! broker_running; then
    nohup "$BROKER_INSTANCE/bin/artemis" run > "$BROKER_INSTANCE/log/console.out" 2>&1 &
    echo $! > "$BROKER_INSTANCE/broker.pid"
  fi
  for _ in $(seq 1 120); do
    (echo > /dev/tcp/127.0.0.1/"$ARTEMIS_PORT") 2>/dev/null && return 0
    sleep 0.5
  done
  echo "Artemis did not open port $ARTEMIS_PORT; see $BROKER_INSTANCE/log" >&2; return 1
}

broker_running() {
  [ -f "$BROKER_INSTANCE/broker.pid" ] && kill -0 "$(cat "$BROKER_INSTANCE/broker.pid")" 2>/dev/null
}

stop_all() {
  if broker_running; then
    kill "$(cat "$BROKER_INSTANCE/broker.pid")" 2>/dev/null || true
    for _ in $(seq 1 60); do broker_running || break; sleep 0.5; done
    broker_running && kill -9 "$(cat "$BROKER_INSTANCE/broker.pid")" 2>/dev/null || true
  fi
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/PG_VERSION" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) install_prerequisites; start_pg; start_broker; "$0" env ;;
  stop) stop_all ;;
  restart-broker-hard)
    # kill -9 (no clean shutdown), wait until the port is closed, then start on the same journal
    pid=$(cat "$BROKER_INSTANCE/broker.pid"); kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    start_broker ;;
  kill-broker) kill -9 "$(cat "$BROKER_INSTANCE/broker.pid")" 2>/dev/null || true ;;
  start-broker) start_broker ;;
  wipe)
    # a clean instance: stop it and delete its broker journal and database cluster (never the distribution)
    stop_all; rm -rf "$BROKER_INSTANCE" "$PG_DATA" ;;
  restart-db) as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w restart -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" >/dev/null ;;
  status) broker_running && echo "broker up" || echo "broker down"; as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 && echo "postgres up" || echo "postgres down" ;;
  env)
    echo "BROKER_URL=tcp://127.0.0.1:$ARTEMIS_PORT?reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=2000"
    echo "BROKER_USER=gateway"; echo "BROKER_PASSWORD=gateway"
    echo "DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/gateway"; echo "DB_USER=gateway"; echo "DB_PASSWORD=gateway" ;;
  *) echo "usage: $0 start|stop|status|env|restart-broker-hard|kill-broker|start-broker|restart-db|wipe" >&2; exit 2 ;;
esac
