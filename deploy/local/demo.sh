#!/usr/bin/env bash
# Runs the demo printed by up.sh against the running suite and prints every response:
#   1. token for bob (sales-rep) in realm/tenant acme (password grant, public client lead-pool-cli)
#   2. POST a lead to lead-intake-service        -> 202 {"intakeId": ...}
#   3. GET the intake until it is ACCEPTED       -> {"status":"ACCEPTED","leadId": ...}
#   4. POST /claim on pool-service for that lead
# The fixed demo lead is only new once per tenant: when dedup answers DUPLICATE (demo run before),
# a variant with a fresh phone/e-mail is submitted instead. 'demo.sh --unique' does that directly.
# Options via environment: REALM (default acme), DEMO_USER (default bob), DEMO_TIMEOUT (s, default 60).
set -euo pipefail

# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/lib.sh"

REALM="${REALM:-acme}"
DEMO_USER="${DEMO_USER:-bob}"
DEMO_TIMEOUT="${DEMO_TIMEOUT:-60}"
INTAKE="http://${BIND_HOST}:8081"
POOL="http://${BIND_HOST}:8083"

# json_get FIELD : reads JSON on stdin, prints FIELD (dotted path) or nothing.
json_get() {
  python3 -c '
import json, sys
try:
    value = json.load(sys.stdin)
    for key in sys.argv[1].split("."):
        value = value[key]
except Exception:
    sys.exit(0)
print(value if not isinstance(value, (dict, list)) else json.dumps(value))' "$1"
}

pretty() {
  python3 -c '
import json, sys
raw = sys.stdin.read()
try:
    print(json.dumps(json.loads(raw), indent=2, ensure_ascii=False))
except Exception:
    print(raw)'
}

# call METHOD URL [BODY] : sets RESP_CODE and RESP_BODY, prints both
call() {
  local method="$1" url="$2" body="${3:-}" out
  local -a args=(-s -X "${method}" -H "Authorization: Bearer ${TOKEN}" -w '\n%{http_code}')
  if [[ -n "${body}" ]]; then
    args+=(-H 'Content-Type: application/json' --data-binary "${body}")
  fi
  out="$(curl "${args[@]}" "${url}")" || die "request ${method} ${url} failed (is the suite up? run up.sh)"
  RESP_CODE="${out##*$'\n'}"
  RESP_BODY="${out%$'\n'*}"
  printf '%s %s -> HTTP %s\n' "${method}" "${url}" "${RESP_CODE}"
  [[ -n "${RESP_BODY}" ]] && printf '%s\n' "${RESP_BODY}" | pretty
  echo
}

info "1. token for ${DEMO_USER} in realm ${REALM}"
token_json="$(curl -s -d grant_type=password -d client_id=lead-pool-cli \
  -d "username=${DEMO_USER}" -d "password=${DEMO_USER}" \
  "${KC_URL}/realms/${REALM}/protocol/openid-connect/token")" \
  || die "Keycloak is not reachable at ${KC_URL} (run up.sh)"
TOKEN="$(printf '%s' "${token_json}" | json_get access_token)"
[[ -n "${TOKEN}" ]] || die "no access token: ${token_json}"
printf '%s' "${TOKEN}" | cut -d. -f2 | python3 -c '
import base64, json, sys
p = sys.stdin.read().strip(); p += "=" * (-len(p) % 4)
c = json.loads(base64.urlsafe_b64decode(p))
print(json.dumps({k: c.get(k) for k in ("iss", "aud", "preferred_username", "realm_access")}, indent=2))'
echo

# submit_and_follow BODY : POSTs the lead, then polls the intake until it is decided.
# Sets INTAKE_ID, STATUS, LEAD_ID.
submit_and_follow() {
  local body="$1" deadline out
  call POST "${INTAKE}/api/v1/leads" "${body}"
  [[ "${RESP_CODE}" == "202" ]] || die "expected 202 from POST /api/v1/leads"
  INTAKE_ID="$(printf '%s' "${RESP_BODY}" | json_get intakeId)"
  [[ -n "${INTAKE_ID}" ]] || die "no intakeId in the response"

  info "3. follow intake ${INTAKE_ID} until it is decided"
  deadline=$(( $(now_s) + DEMO_TIMEOUT ))
  STATUS=""
  while true; do
    out="$(curl -s -H "Authorization: Bearer ${TOKEN}" -w '\n%{http_code}' "${INTAKE}/api/v1/intake/${INTAKE_ID}")" || true
    RESP_CODE="${out##*$'\n'}"
    RESP_BODY="${out%$'\n'*}"
    STATUS="$(printf '%s' "${RESP_BODY}" | json_get status)"
    if [[ "${RESP_CODE}" == "200" && -n "${STATUS}" && "${STATUS}" != "RECEIVED" ]]; then
      break
    fi
    if (( $(now_s) >= deadline )); then
      break
    fi
    sleep 1
  done
  printf 'GET %s -> HTTP %s\n' "${INTAKE}/api/v1/intake/${INTAKE_ID}" "${RESP_CODE}"
  printf '%s\n' "${RESP_BODY}" | pretty
  echo
  LEAD_ID="$(printf '%s' "${RESP_BODY}" | json_get leadId)"
}

LEAD='{"name":"Li Lei","company":"Acme Trading","phone":"+86 138 0013 8000","email":"li.lei@example.com","region":"Shanghai","industry":"finance","source":{"channel":"web","campaign":"spring"}}'
if [[ "${1:-}" == "--unique" ]]; then
  LEAD=""
else
  info "2. submit a lead"
  submit_and_follow "${LEAD}"
fi
if [[ -z "${LEAD}" || "${STATUS}" == "DUPLICATE" ]]; then
  if [[ -n "${LEAD}" ]]; then
    warn "this demo lead was submitted before in tenant ${REALM} (same phone/email): dedup answered DUPLICATE."
    info "2b. submitting a variant with a fresh phone number and e-mail instead"
  else
    info "2. submit a lead with a fresh phone number and e-mail (--unique)"
  fi
  n="$(( $(date +%s%N) / 1000 % 100000000 ))"
  printf -v phone '+86 139 %04d %04d' "$(( n / 10000 % 10000 ))" "$(( n % 10000 ))"
  LEAD="{\"name\":\"Li Lei\",\"company\":\"Acme Trading\",\"phone\":\"${phone}\",\"email\":\"li.lei.${n}@example.com\",\"region\":\"Shanghai\",\"industry\":\"finance\",\"source\":{\"channel\":\"web\",\"campaign\":\"spring\"}}"
  submit_and_follow "${LEAD}"
fi
[[ "${STATUS}" == "ACCEPTED" ]] || die "intake ${INTAKE_ID} is '${STATUS:-?}', not ACCEPTED (after ${DEMO_TIMEOUT}s); see ${LOG_DIR}/"
[[ -n "${LEAD_ID}" ]] || die "ACCEPTED intake without leadId"

info "4. ${DEMO_USER} claims lead ${LEAD_ID}"
# The lead reaches pool-service asynchronously (Kafka); retry briefly while it is not there yet.
deadline=$(( $(now_s) + DEMO_TIMEOUT ))
while true; do
  out="$(curl -s -X POST -H "Authorization: Bearer ${TOKEN}" -w '\n%{http_code}' "${POOL}/api/v1/leads/${LEAD_ID}/claim")" || true
  RESP_CODE="${out##*$'\n'}"
  RESP_BODY="${out%$'\n'*}"
  if [[ "${RESP_CODE}" != "404" ]] || (( $(now_s) >= deadline )); then
    break
  fi
  sleep 1
done
printf 'POST %s -> HTTP %s\n' "${POOL}/api/v1/leads/${LEAD_ID}/claim" "${RESP_CODE}"
[[ -n "${RESP_BODY}" ]] && printf '%s\n' "${RESP_BODY}" | pretty
echo
[[ "${RESP_CODE}" =~ ^2 ]] || die "claim answered HTTP ${RESP_CODE}"
ok "demo finished: lead ${LEAD_ID} submitted, accepted and claimed by ${DEMO_USER} in tenant ${REALM}"
