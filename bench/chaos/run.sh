#!/usr/bin/env bash
# The chaos scenarios at full length. They are the e2e suite's own (ChaosIT, KillNineIT, ImportKillNineIT: the
# four packaged services as processes, a real PostgreSQL, Kafka broker and Keycloak, each scenario ending with
# its checker reading the databases); ./mvnw verify runs them short, this runs them long, then writes their
# verdicts and recovery times into bench/results/chaos.json and bench/RESULTS.md.
#   bench/chaos/run.sh            (about 25 minutes on 2 cores; the local suite need not run, and should not)
# Knobs (environment, ISO-8601 durations): CHAOS_IDLE_HOLD (PT10M: how long a session sits idle in a
# transaction holding a lead's row lock while claims go on), CHAOS_KAFKA_DOWN (PT30S), CHAOS_POSTGRES_DOWN
# (PT15S), CHAOS_STORM_LEADS (200), CHAOS_IMPORT_PEOPLE (50000: the import killed mid-way).
set -euo pipefail
CHAOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "${CHAOS_DIR}/../.." && pwd)"
cd "${REPO}"
export CHAOS_IDLE_HOLD="${CHAOS_IDLE_HOLD:-PT10M}" CHAOS_KAFKA_DOWN="${CHAOS_KAFKA_DOWN:-PT30S}" \
  CHAOS_POSTGRES_DOWN="${CHAOS_POSTGRES_DOWN:-PT15S}" CHAOS_STORM_LEADS="${CHAOS_STORM_LEADS:-200}" \
  CHAOS_IMPORT_PEOPLE="${CHAOS_IMPORT_PEOPLE:-50000}"
status=0
./mvnw -B verify -pl e2e -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dnative-sources.skip \
  -Dit.test='ChaosIT,KillNineIT,ImportKillNineIT' \
  -Dleadpool.chaos.idle-hold="${CHAOS_IDLE_HOLD}" -Dleadpool.chaos.kafka-down="${CHAOS_KAFKA_DOWN}" \
  -Dleadpool.chaos.postgres-down="${CHAOS_POSTGRES_DOWN}" -Dleadpool.chaos.storm-leads="${CHAOS_STORM_LEADS}" \
  -Dleadpool.chaos.import-people="${CHAOS_IMPORT_PEOPLE}" || status=$?
python3 "${CHAOS_DIR}/collect.py" "${REPO}/e2e/target/failsafe-reports"
python3 "${REPO}/bench/report.py"
echo "wrote ${REPO}/bench/RESULTS.md (chaos: bench/results/chaos.json); Maven exit status ${status}"
exit "${status}"
