#!/usr/bin/env python3
"""The duplicate check (查重) with LEADS leads in one tenant: POST /api/v1/dedup/check through HTTP with a real
token, a mix of look-ups by phone (known and unknown), e-mail and company (fuzzy, with region), over
CONNECTIONS keep-alive connections. Goal: p95 under 50 ms.

Setup (not measured): LEADS lead profiles with their phone and e-mail keys loaded with COPY into dedup's tables
for tenant acme (Chinese company names of city + brand + industry, as imports bring), then ANALYZE. Removed after.
"""
import json, os, random, statistics, sys, time, uuid
import benchlib as b

LEADS = int(os.environ.get("BENCH_CHECK_LEADS", "1000000"))
REQUESTS = int(os.environ.get("BENCH_CHECK_REQUESTS", "20000"))
CONNECTIONS = int(os.environ.get("BENCH_CHECK_CONNECTIONS", "8"))
ROUNDS = int(os.environ.get("BENCH_CHECK_ROUNDS", "3"))
CITIES = ["上海", "北京", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "苏州"]
from imports import BRAND  # the same name material as the import benchmark
INDUSTRIES = ["科技", "贸易", "物流", "食品", "软件", "医药", "建材", "传媒", "咨询", "教育"]
MARK = "check-bench"


def setup(rnd):
    profiles, keys, sample = [], [], []
    for n in range(LEADS):
        lead = str(uuid.uuid4())
        brand = "".join(rnd.choice(BRAND) for _ in range(rnd.choice((2, 3, 4))))
        industry = rnd.choice(INDUSTRIES)
        city = rnd.choice(CITIES)
        phone = f"+86198{n:08d}"
        profiles.append((MARK, lead, "名" + str(n), city + brand + industry + "有限公司", brand + industry, brand, city,
                         "OWNED" if n % 3 else "IN_POOL", f"rep-{n % 50}" if n % 3 else "\\N", "1"))
        keys.append(("acme", "PHONE", phone, lead))
        if n % 2 == 0:
            keys.append(("acme", "EMAIL", f"c{n}@check-bench.cn", lead))
        if n % max(1, LEADS // 5000) == 0:
            sample.append((phone, f"c{n}@check-bench.cn" if n % 2 == 0 else None, city + brand + industry, city))
    b.copy("dedup", "lead_profile", ["tenant_id", "lead_id", "name", "company", "company_key", "core_key", "region",
                                      "state", "owner_id", "version"], [("acme",) + p[1:] for p in profiles])
    b.copy("dedup", "identity_key", ["tenant_id", "kind", "value", "lead_id"], keys)
    b.psql("dedup", "analyze lead_profile; analyze identity_key;")
    return sample


def cleanup():
    b.psql("dedup", "delete from identity_key where tenant_id = 'acme' and (value like '+86198%' or value like '%@check-bench.cn')")
    b.psql("dedup", "delete from lead_profile where tenant_id = 'acme' and name like '名%'")


def requests(rnd, sample):
    out = []
    for _ in range(REQUESTS):
        phone, email, company, city = rnd.choice(sample)
        r = rnd.random()
        if r < 0.4:
            body = {"phone": phone.replace("+86", "0086 ")}
        elif r < 0.5:
            body = {"phone": f"1970{rnd.randrange(10**7):07d}"}
        elif r < 0.7:
            body = {"email": (email or f"nobody{rnd.randrange(10**6)}@check-bench.cn").upper()}
        else:
            body = {"company": company + "股份有限公司", "region": city + "市"}
        out.append(("/api/v1/dedup/check", json.dumps(body, ensure_ascii=False).encode()))
    return out


def main():
    rnd = random.Random(7)
    cleanup()
    t = time.time()
    sample = setup(rnd)
    print(f"loaded {LEADS} leads in {time.time() - t:.0f} s", flush=True)
    tok = b.token("bob", "acme")
    try:
        b.drive(requests(rnd, sample)[:2000], lambda i: tok, CONNECTIONS, 30, port=8082)  # warm-up
        rounds = []
        for _ in range(ROUNDS):
            rate, lat, statuses = b.drive(requests(rnd, sample), lambda i: tok, CONNECTIONS, 120, port=8082)
            rounds.append({"rate": round(rate), "p50_ms": round(b.pct(lat, 50) * 1000, 1),
                           "p95_ms": round(b.pct(lat, 95) * 1000, 1), "p99_ms": round(b.pct(lat, 99) * 1000, 1),
                           "statuses": statuses})
            print(rounds[-1], flush=True)
    finally:
        cleanup()
    result = {"leads": LEADS, "connections": CONNECTIONS, "rounds": rounds,
              "p95_ms_median": statistics.median(r["p95_ms"] for r in rounds),
              "p50_ms_median": statistics.median(r["p50_ms"] for r in rounds),
              "rate_median": statistics.median(r["rate"] for r in rounds), "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    os.makedirs(os.path.join(b.REPO, "bench/results"), exist_ok=True)
    with open(os.path.join(b.REPO, "bench/results/check.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
