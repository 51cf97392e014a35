#!/usr/bin/env bash
# Prints, for each service started by up.sh: resident memory now (VmRSS) and the start time Quarkus
# logged at its last start. Run it on an idle suite to get the idle figures.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pids="${here}/.work/pids"
logs="${here}/.work/logs"
printf '%-22s %10s %12s\n' service "RSS (MiB)" "started in"
for svc in lead-intake-service dedup-service pool-service scheduler-service; do
  pid_file="${pids}/${svc}.pid"
  if [[ ! -f "${pid_file}" ]] || ! kill -0 "$(cat "${pid_file}")" 2>/dev/null; then
    printf '%-22s %10s\n' "${svc}" "not running"
    continue
  fi
  rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$(cat "${pid_file}")/status")
  started=$(grep -o 'started in [0-9.]*s' "${logs}/${svc}.log" 2>/dev/null | tail -1 | awk '{print $3}')
  printf '%-22s %10d %12s\n' "${svc}" $((rss_kb / 1024)) "${started:-?}"
done
