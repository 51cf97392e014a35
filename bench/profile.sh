#!/usr/bin/env bash
# Where one service spends its CPU during a scenario: a JFR recording (settings=profile) of SERVICE taken while
# bench/SCENARIO.py runs against the local suite, then the share of samples per layer (bench/jfr_groups.py).
#   BENCH_HOT_RUNS=1 BENCH_HOT_ROUNDS=400 bench/profile.sh pool-service hotlead      (the hot lead's losers)
# Arguments: SERVICE (a module: pool-service, dedup-service…), SCENARIO (claims, hotlead, events…), DELAY_S (25:
# setup and warm-up before recording, long enough for the JIT to compile the scenario's path again), SECONDS (30). The scenario's own results/<scenario>.json is kept as it
# was: a profiled run is not a measurement. The recording stays in bench/results/<service>-<scenario>.jfr.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
service="${1:?service module, e.g. pool-service}" scenario="${2:?scenario, e.g. hotlead}"
delay="${3:-25}" seconds="${4:-30}"
pid="$(pgrep -f "${service}/target/quarkus-app/quarkus-run.jar" | head -1)" \
  || { echo "${service} is not running (deploy/local/up.sh)" >&2; exit 1; }
results="${BENCH_DIR}/results"
mkdir -p "${results}"
kept=""
if [[ -f "${results}/${scenario}.json" ]]; then
  kept="$(mktemp)"
  cp "${results}/${scenario}.json" "${kept}"
fi
recording="${results}/${service}-${scenario}.jfr"
# The first JFR recording a JVM starts throws away its compiled code: on 2026-11-30 a recording started in the middle
# of a warm sweep found 79 % of pool-service's samples in interpreted frames, and the sweep took 189 s instead of 75.
# So JFR is started (and stopped) once before the scenario, and the code is compiled again during DELAY_S.
jcmd "${pid}" JFR.start name=jit-reset duration=1s >/dev/null
(cd "${BENCH_DIR}" && python3 "${scenario}.py") &
runner=$!
sleep "${delay}"
jcmd "${pid}" JFR.start duration="${seconds}s" settings=profile filename="${recording}" >/dev/null
status=0
wait "${runner}" || status=$?
sleep 2
if [[ -n "${kept}" ]]; then mv "${kept}" "${results}/${scenario}.json"; else rm -f "${results}/${scenario}.json"; fi
python3 "${BENCH_DIR}/jfr_groups.py" "${recording}"
exit "${status}"
