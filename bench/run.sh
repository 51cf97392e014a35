#!/usr/bin/env bash
# Runs the benchmarks against the local suite and writes bench/RESULTS.md.
#   bench/run.sh [claims|hotlead|events|sweep|imports|check|footprint|all]     (default: all)
# Starts the suite with deploy/local/up.sh (a no-op when it is up) after packaging the services.
# Knobs (environment): BENCH_CONNECTIONS, BENCH_REPS, BENCH_SECONDS, BENCH_ROUNDS, BENCH_LEADS,
# BENCH_SWEEP_DUE, BENCH_SWEEP_TRACKED, BENCH_SWEEP_LEAD_TIME, BENCH_IMPORT_ROWS, BENCH_IMPORT_SMALL_ROWS,
# BENCH_CHECK_LEADS, BENCH_CHECK_CONNECTIONS, BENCH_CHECK_ROUNDS, BENCH_HOT_CLAIMERS, BENCH_HOT_ROUNDS,
# BENCH_HOT_WARMUP, BENCH_HOT_RUNS, BENCH_SWEEP_RUNS, BENCH_IMPORT_RUNS, BENCH_EVENT_RATE,
# BENCH_EVENT_SECONDS, BENCH_EVENT_ROUNDS, BENCH_SKIP_BUILD=1.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "${BENCH_DIR}")"
what="${1:-all}"
case "${what}" in claims|hotlead|events|sweep|imports|check|footprint|all) ;; *) echo "usage: $0 [claims|hotlead|events|sweep|imports|check|footprint|all]" >&2; exit 2 ;; esac

command -v pgbench >/dev/null || { echo "pgbench missing: apt-get install -y postgresql-contrib" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql missing: apt-get install -y postgresql-client" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl missing: apt-get install -y curl" >&2; exit 1; }
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  (cd "${REPO}" && ./mvnw -B -q package -DskipTests)
fi
"${REPO}/deploy/local/up.sh"
mkdir -p "${BENCH_DIR}/results"
cd "${BENCH_DIR}"
if [[ "${what}" == claims || "${what}" == all ]]; then python3 claims.py; fi
if [[ "${what}" == hotlead || "${what}" == all ]]; then python3 hotlead.py; fi
if [[ "${what}" == events || "${what}" == all ]]; then python3 events.py; fi
if [[ "${what}" == sweep || "${what}" == all ]]; then python3 sweep.py; fi
if [[ "${what}" == imports || "${what}" == all ]]; then python3 imports.py; fi
if [[ "${what}" == check || "${what}" == all ]]; then python3 check.py; fi
if [[ "${what}" == footprint || "${what}" == all ]]; then python3 footprint.py; fi
python3 report.py
echo "wrote ${BENCH_DIR}/RESULTS.md"
