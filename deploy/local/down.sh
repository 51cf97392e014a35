#!/usr/bin/env bash
# Stops, in reverse order, exactly the processes deploy/local/up.sh started (found through
# .work/pids/<name>.pid and checked against their command line before any signal is sent).
# Data in .data/ is kept.   down.sh --purge   additionally deletes .data/ (databases, Kafka log,
# Keycloak dev database), so the next up.sh starts from scratch.
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/lib.sh"

purge=0
for arg in "$@"; do
  case "${arg}" in
    --purge) purge=1 ;;
    -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '${arg}' (only --purge is supported)" ;;
  esac
done

mkdir -p "${PID_DIR}"

# The four services first (they depend on everything else). They do not depend on each other,
# so they are signalled together (in reverse start order) and awaited together: each needs a
# few seconds to close its Kafka clients and database pools.
waits=()
for (( i=${#SERVICES[@]}-1; i>=0; i-- )); do
  IFS=: read -r name _port _db <<<"${SERVICES[i]}"
  stop_proc "${name}" "$(svc_pattern "${name}")" TERM &
  waits+=("$!")
done
for w in "${waits[@]}"; do
  wait "${w}" || true
done
# Then the infrastructure, one after the other.
stop_proc keycloak "$(kc_pattern)" TERM
stop_proc kafka "$(kafka_pattern)" TERM
# SIGINT is PostgreSQL's "fast" shutdown (SIGTERM would be "smart" and wait for clients).
stop_proc postgres "$(pg_pattern)" INT

if [[ "${purge}" == "1" ]]; then
  info "purging ${DATA_DIR}"
  rm -rf "${DATA_DIR}"
  ok "data deleted"
fi
ok "all stopped"
