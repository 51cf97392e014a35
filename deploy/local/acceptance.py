#!/usr/bin/env python3
"""Checks the running local suite (deploy/local/up.sh) against the foundation's acceptance list,
with real Keycloak tokens: ACCEPTED within 2 s, a differently written duplicate, a claim race, and
recycling under followUpTimeout=PT1M (a neglected lead back in the pool within 60 s of its deadline, a
followed-up one kept). Prints each measurement; exits non-zero on the first failure. Takes ~2.5 min."""
import json, sys, time, random, threading, urllib.request, urllib.error
from datetime import datetime, timezone

KC, INTAKE, POOL = "http://127.0.0.1:8180", "http://127.0.0.1:8081", "http://127.0.0.1:8083"

def token(user, realm="acme"):
    data = f"grant_type=password&client_id=lead-pool-cli&username={user}&password={user}".encode()
    with urllib.request.urlopen(f"{KC}/realms/{realm}/protocol/openid-connect/token", data) as r:
        return json.load(r)["access_token"]

def call(method, url, tok, body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {tok}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

def check(cond, what):
    print(("PASS " if cond else "FAIL ") + what, flush=True)
    if not cond:
        sys.exit(1)

def wait_decision(tok, intake_id, limit=10.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        _, body = call("GET", f"{INTAKE}/api/v1/intake/{intake_id}", tok)
        if body and body.get("status") != "RECEIVED":
            return body, time.monotonic() - start
        time.sleep(0.05)
    return None, limit

def new_lead(tok, n):
    status, body = call("POST", f"{INTAKE}/api/v1/leads", tok, {
        "name": f"Acceptance {n}", "company": "Acme Trading", "phone": f"+86 139 {n // 10000:04d} {n % 10000:04d}",
        "email": f"acceptance.{n}@example.com", "region": "Shanghai", "industry": "finance",
        "source": {"channel": "web", "campaign": "acceptance"}})
    check(status == 202, f"POST /leads answers 202 (got {status})")
    decided, took = wait_decision(tok, body["intakeId"])
    return decided, took

def lead_state(tok, lead_id):
    return call("GET", f"{POOL}/api/v1/leads/{lead_id}", tok)[1]

def main():
    bob, carol, alice = token("bob"), token("carol"), token("alice")
    seed = random.randint(0, 10**7)

    # 1. ACCEPTED within 2 s (median of five)
    times = []
    for i in range(5):
        decided, took = new_lead(bob, seed + i)
        check(decided and decided["status"] == "ACCEPTED", "lead ACCEPTED")
        times.append(took)
    times.sort()
    print(f"     post -> ACCEPTED: median {times[2]*1000:.0f} ms, max {times[-1]*1000:.0f} ms")
    check(times[-1] < 2.0, "every posted lead ACCEPTED within 2 s")
    first_lead = decided["leadId"]
    n = seed + 4

    # 2. the same person written differently is a DUPLICATE
    status, body = call("POST", f"{INTAKE}/api/v1/leads", bob, {
        "name": f"Acceptance {n}", "phone": f"0086-139-{n // 10000:04d}-{n % 10000:04d}",
        "email": f"ACCEPTANCE.{n}@EXAMPLE.COM"})
    dup, _ = wait_decision(bob, body["intakeId"])
    check(dup["status"] == "DUPLICATE" and dup["duplicateOf"] == first_lead,
          "0086-… phone and capitalised e-mail -> DUPLICATE of the first lead")

    # 3. two reps claim at once: one wins, the other gets ALREADY_CLAIMED
    time.sleep(0.5)  # let the pool take the lead in
    results = {}
    def claim(name, tok):
        results[name] = call("POST", f"{POOL}/api/v1/leads/{first_lead}/claim", tok)
    threads = [threading.Thread(target=claim, args=(n_, t)) for n_, t in (("bob", bob), ("carol", carol))]
    [t.start() for t in threads]; [t.join() for t in threads]
    codes = sorted(r[0] for r in results.values())
    loser = [r[1] for r in results.values() if r[0] == 409]
    check(codes == [200, 409] and loser[0]["code"] == "ALREADY_CLAIMED",
          f"simultaneous claims -> one 200, one 409 ALREADY_CLAIMED ({codes})")

    # 4. recycling under PT1M
    pools = call("GET", f"{POOL}/api/v1/pools", alice)[1]
    pool_id = next(p["id"] for p in pools if p["default"])
    old_rules = next(p["rules"] for p in pools if p["default"])
    check(call("PUT", f"{POOL}/api/v1/pools/{pool_id}/rules", alice, {"followUpTimeout": "PT1M"})[0] == 200,
          "PUT rules {followUpTimeout: PT1M}")
    try:
        neglected, _ = new_lead(bob, seed + 100)
        cared, _ = new_lead(carol, seed + 101)
        time.sleep(0.5)
        status, owned = call("POST", f"{POOL}/api/v1/leads/{neglected['leadId']}/claim", bob)
        check(status == 200, "bob claims the lead he will neglect")
        deadline = datetime.fromisoformat(owned["deadlines"]["followUp"]["dueAt"].replace("Z", "+00:00"))
        check(call("POST", f"{POOL}/api/v1/leads/{cared['leadId']}/claim", carol)[0] == 200,
              "carol claims the lead she will follow up")
        back = None
        while back is None and (datetime.now(timezone.utc) - deadline).total_seconds() < 90:
            call("POST", f"{POOL}/api/v1/leads/{cared['leadId']}/follow-ups", carol,
                 {"type": "CALL", "note": "still keen"})
            for _ in range(20):
                if lead_state(alice, neglected["leadId"])["state"] == "IN_POOL":
                    back = datetime.now(timezone.utc)
                    break
                time.sleep(1)
        check(back is not None, "the neglected lead is back IN_POOL")
        late = (back - deadline).total_seconds()
        print(f"     back in the pool {late:.1f} s after its deadline")
        check(late <= 60, "within 60 s of the deadline")
        history = call("GET", f"{POOL}/api/v1/leads/{neglected['leadId']}/history", alice)[1]
        check(history[-1]["action"] == "RECYCLED" and history[-1]["reason"] == "NO_FOLLOW_UP",
              "history ends RECYCLED / NO_FOLLOW_UP")
        check(lead_state(carol, cared["leadId"])["state"] == "OWNED", "the followed-up lead stays OWNED")
    finally:
        call("PUT", f"{POOL}/api/v1/pools/{pool_id}/rules", alice, old_rules)

    # 5. another tenant's token answers 404
    globex = token("alice", "globex")
    check(call("GET", f"{POOL}/api/v1/leads/{first_lead}", globex)[0] == 404, "globex token -> 404 on an acme lead")
    print("all acceptance checks passed")

if __name__ == "__main__":
    main()
