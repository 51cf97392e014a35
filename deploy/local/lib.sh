# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
# Shared helpers for deploy/local/{up,down,demo}.sh. Source it, do not run it.
#
# Everything lives under this folder:
#   .work/  downloads, extracted distributions, generated config, logs, pid files
#   .data/  PostgreSQL, Kafka and Keycloak data (survives down.sh; removed by down.sh --purge)

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO_ROOT="$(cd "${LOCAL_DIR}/../.." && pwd -P)"
WORK_DIR="${LOCAL_DIR}/.work"
DATA_DIR="${LOCAL_DIR}/.data"
DL_DIR="${WORK_DIR}/downloads"
LOG_DIR="${WORK_DIR}/logs"
PID_DIR="${WORK_DIR}/pids"
RUN_DIR="${WORK_DIR}/run"

BIND_HOST="127.0.0.1"

# --- versions -----------------------------------------------------------------
PG_BINARIES_VERSION="16.10.0"
KAFKA_VERSION="4.3.1"
KEYCLOAK_VERSION="26.7.3"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# --- PostgreSQL -----------------------------------------------------------------
PG_PORT=54329
PG_HOME="${WORK_DIR}/postgres-${PG_BINARIES_VERSION}"
PG_DATA="${DATA_DIR}/postgres"
PG_SOCKET_DIR="${RUN_DIR}/postgres"
PG_SYSTEM_USER="leadpool-pg"        # only used when 'unshare -U' is not available
# Three roles (docs/security.md): the owner migrates; the services connect as the application role,
# which owns nothing and cannot bypass row-level security; cross-tenant jobs switch to the system role.
PG_APP_USER="leadpool"
PG_APP_PASSWORD="leadpool"
PG_OWNER_USER="leadpool_owner"
PG_OWNER_PASSWORD="leadpool_owner"
PG_SYSTEM_ROLE="leadpool_system"
PG_DATABASES=(intake dedup pool scheduler)

# --- Kafka ----------------------------------------------------------------------
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093
KAFKA_HOME="${WORK_DIR}/kafka-${KAFKA_VERSION}"
KAFKA_LIBS="${KAFKA_HOME}/libs"
KAFKA_CONFIG_DIR="${WORK_DIR}/kafka"
KAFKA_SERVER_PROPERTIES="${KAFKA_CONFIG_DIR}/server.properties"
KAFKA_LOG4J="${KAFKA_CONFIG_DIR}/log4j2.properties"
KAFKA_DATA="${DATA_DIR}/kafka"
KAFKA_LOG_DIRS="${KAFKA_DATA}/logs"
KAFKA_CLUSTER_ID_FILE="${KAFKA_DATA}/cluster.id"

# --- Keycloak -------------------------------------------------------------------
KC_PORT=8180
KC_HOME="${WORK_DIR}/keycloak-${KEYCLOAK_VERSION}"
KC_DATA="${DATA_DIR}/keycloak"
KC_URL="http://${BIND_HOST}:${KC_PORT}"
KC_REALMS=(acme globex platform)   # keycloak/realm-<name>.json; acme and globex are the services' tenants
KC_MIN_JAVA=21

# --- services: name:port:database -----------------------------------------------
SERVICES=(
  "lead-intake-service:8081:intake"
  "dedup-service:8082:dedup"
  "pool-service:8083:pool"
  "scheduler-service:8084:scheduler"
)
SHARED_MODULES=(lead-events lead-platform)

# --- output ---------------------------------------------------------------------
if [[ -t 1 ]]; then
  _C_INFO=$'\033[1;34m' _C_OK=$'\033[1;32m' _C_WARN=$'\033[1;33m' _C_ERR=$'\033[1;31m' _C_OFF=$'\033[0m'
else
  _C_INFO="" _C_OK="" _C_WARN="" _C_ERR="" _C_OFF=""
fi
info() { printf '%s==>%s %s\n' "${_C_INFO}" "${_C_OFF}" "$*"; }
ok()   { printf '%s ok%s %s\n' "${_C_OK}" "${_C_OFF}" "$*"; }
warn() { printf '%swarn%s %s\n' "${_C_WARN}" "${_C_OFF}" "$*" >&2; }
die()  { printf '%sERROR%s %s\n' "${_C_ERR}" "${_C_OFF}" "$*" >&2; exit 1; }

now_s() { date +%s; }

# --- prerequisites ---------------------------------------------------------------
_APT_UPDATED=0
# ensure_cmd COMMAND DEBIAN_PACKAGE : installs the package with apt-get when the command is missing.
ensure_cmd() {
  local cmd="$1" pkg="$2"
  command -v "${cmd}" >/dev/null 2>&1 && return 0
  [[ "$(id -u)" == "0" ]] || die "'${cmd}' is missing; install the Debian package '${pkg}' (needs root)."
  command -v apt-get >/dev/null 2>&1 || die "'${cmd}' is missing and apt-get is not available; install '${pkg}'."
  info "installing Debian package '${pkg}' (for '${cmd}')"
  if [[ "${_APT_UPDATED}" == "0" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkg}" >/dev/null
  command -v "${cmd}" >/dev/null 2>&1 || die "installing '${pkg}' did not provide '${cmd}'."
}

ensure_dirs() {
  mkdir -p "${WORK_DIR}" "${DATA_DIR}" "${DL_DIR}" "${LOG_DIR}" "${PID_DIR}" "${RUN_DIR}"
}

# --- Maven Central via the project's Maven wrapper --------------------------------
mvnw() {
  [[ -x "${REPO_ROOT}/mvnw" ]] || die "Maven wrapper not found at ${REPO_ROOT}/mvnw"
  # Run outside the project so the reactor pom is not involved.
  (cd "${WORK_DIR}" && "${REPO_ROOT}/mvnw" -B -q "$@")
}

# fetch_artifact G:A:V[:type[:classifier]] FILE_NAME : downloads into .work/downloads once.
fetch_artifact() {
  local gav="$1" file="$2"
  if [[ -s "${DL_DIR}/${file}" ]]; then
    return 0
  fi
  info "downloading ${gav} from Maven Central"
  mvnw "${DEPENDENCY_PLUGIN}:copy" "-Dartifact=${gav}" "-DoutputDirectory=${DL_DIR}" \
    || die "could not download ${gav}"
  [[ -s "${DL_DIR}/${file}" ]] || die "download of ${gav} did not produce ${DL_DIR}/${file}"
}

# --- processes ------------------------------------------------------------------
pid_file() { printf '%s/%s.pid' "${PID_DIR}" "$1"; }

cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# is_ours NAME PATTERN : true when the pid file names a live process whose command line
# contains PATTERN (an absolute path under this checkout, so it cannot be someone else's).
is_ours() {
  local name="$1" pattern="$2" pf pid
  pf="$(pid_file "${name}")"
  [[ -f "${pf}" ]] || return 1
  pid="$(cat "${pf}" 2>/dev/null || true)"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  kill -0 "${pid}" 2>/dev/null || return 1
  [[ "$(cmdline_of "${pid}")" == *"${pattern}"* ]]
}

read_pid() { cat "$(pid_file "$1")" 2>/dev/null || true; }

# port_open PORT : something accepts TCP connections on 127.0.0.1:PORT
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/${BIND_HOST}/$1" 2>/dev/null
}

port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null || true
  fi
}

# assert_port_free NAME PORT : die if a foreign process already listens on PORT.
assert_port_free() {
  local name="$1" port="$2"
  if port_open "${port}"; then
    die "cannot start ${name}: port ${BIND_HOST}:${port} is already in use by a process not started by up.sh
$(port_owner "${port}")
Stop it (or run deploy/local/down.sh if it is a leftover of ours) and retry."
  fi
}

# start_bg NAME LOGFILE CMD... : starts CMD detached in its own session (pid == process group id),
# stdout/stderr appended to LOGFILE, records the pid in .work/pids/NAME.pid.
# Environment for CMD is whatever the caller exported / passed via 'env'.
start_bg() {
  local name="$1" log="$2"
  shift 2
  mkdir -p "$(dirname "${log}")"
  printf '\n===== %s starting %s =====\n' "$(date '+%F %T')" "${name}" >>"${log}"
  # The subshell is not a process-group leader, so setsid(1) calls setsid() and execs in place:
  # $! is the pid of the final program (or its launcher script).
  ( exec setsid "$@" ) >>"${log}" 2>&1 </dev/null &
  local pid=$!
  printf '%s\n' "${pid}" >"$(pid_file "${name}")"
}

# wait_until TIMEOUT_S DESCRIPTION NAME PATTERN LOGFILE CHECK_CMD... : polls CHECK_CMD every second.
# Fails early (with the log tail) when the started process dies.
wait_until() {
  local timeout="$1" what="$2" name="$3" pattern="$4" log="$5"
  shift 5
  local deadline=$(( $(now_s) + timeout ))
  while true; do
    if "$@"; then
      return 0
    fi
    if ! is_ours "${name}" "${pattern}"; then
      show_log_tail "${log}"
      die "${name} exited before ${what}; see ${log}"
    fi
    if (( $(now_s) >= deadline )); then
      show_log_tail "${log}"
      die "timed out after ${timeout}s waiting for ${what}; see ${log}"
    fi
    sleep 1
  done
}

show_log_tail() {
  local log="$1"
  [[ -f "${log}" ]] || return 0
  printf -- '----- last 40 lines of %s -----\n' "${log}" >&2
  tail -n 40 "${log}" >&2 || true
  printf -- '-----\n' >&2
}

http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true
}

http_200() { [[ "$(http_code "$1")" == "200" ]]; }

group_alive() { pgrep -g "$1" >/dev/null 2>&1; }

# stop_proc NAME PATTERN [SIGNAL] : stops a process recorded by start_bg. Sends SIGNAL (default TERM)
# to the recorded pid, waits up to 20 s for it and its process group, then SIGKILLs the group.
stop_proc() {
  local name="$1" pattern="$2" sig="${3:-TERM}" pf pid
  pf="$(pid_file "${name}")"
  if [[ ! -f "${pf}" ]]; then
    return 0
  fi
  pid="$(read_pid "${name}")"
  if ! [[ "${pid}" =~ ^[0-9]+$ ]] || ! kill -0 "${pid}" 2>/dev/null; then
    info "${name}: not running (stale pid file removed)"
    rm -f "${pf}"
    return 0
  fi
  if [[ "$(cmdline_of "${pid}")" != *"${pattern}"* ]]; then
    warn "${name}: pid ${pid} is not ours any more ($(cmdline_of "${pid}" | cut -c1-120)); leaving it alone"
    rm -f "${pf}"
    return 0
  fi
  info "stopping ${name} (pid ${pid}, SIG${sig})"
  kill "-${sig}" "${pid}" 2>/dev/null || true
  local deadline=$(( $(now_s) + 20 ))
  while (( $(now_s) < deadline )); do
    if ! kill -0 "${pid}" 2>/dev/null && ! group_alive "${pid}"; then
      break
    fi
    sleep 0.5
  done
  if kill -0 "${pid}" 2>/dev/null || group_alive "${pid}"; then
    warn "${name}: still running after 20 s, sending SIGKILL"
    kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
    sleep 1
  fi
  rm -f "${pf}"
  ok "${name} stopped"
}

# --- component specific helpers ---------------------------------------------------
pg_pattern()    { printf '%s' "-D ${PG_DATA}"; }
kafka_pattern() { printf '%s' "kafka.Kafka ${KAFKA_SERVER_PROPERTIES}"; }
kc_pattern()    { printf '%s' "${KC_HOME}"; }
svc_jar()       { printf '%s/%s/target/quarkus-app/quarkus-run.jar' "${REPO_ROOT}" "$1"; }
svc_pattern()   { svc_jar "$1"; }

# psql as the superuser over the private unix socket (trust auth, socket dir is root/owner only).
pg_super() {
  PGCONNECT_TIMEOUT=3 psql -X -q -v ON_ERROR_STOP=1 -h "${PG_SOCKET_DIR}" -p "${PG_PORT}" -U postgres "$@"
}

kafka_classpath() { printf '%s/*' "${KAFKA_LIBS}"; }
