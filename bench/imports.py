#!/usr/bin/env python3
"""An import at scale: a ROWS-row CSV (default 1,048,576, Excel's limit) through the whole suite, intake ->
Kafka -> dedup -> pool, every row accounted for, and beside it COPY of the same file into PostgreSQL.

The file (UTF-8, Chinese headers) has unique people at companies of Chinese names, DUP_SHARE of rows the same
person again with the phone written another way, BAD_SHARE of rows without a usable phone or e-mail. Each run
gets its own phone range and campaign, and removes its rows afterwards.

Measured:
  - end to end: from the upload's first byte until the pool holds every accepted lead, as rows/s (goal >= 5,000);
    also when the import was COMPLETED (every row decided and counted);
  - COPY of the same file into an unlogged-free plain table in the same PostgreSQL (median of 3), as rows/s;
  - intake's peak resident memory (VmHWM) for a SMALL-row file and for the ROWS-row file, each on a freshly
    started intake (goal: within 50 MB of each other).
The large import runs RUNS times (each on a fresh intake, its rows removed and the lead tables settled before the
next: settle()); the figures are the median of the runs with min-max.
"""
import json, os, random, re, statistics, subprocess, sys, time
import benchlib as b

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "1048576"))
SMALL = int(os.environ.get("BENCH_IMPORT_SMALL_ROWS", "10000"))
RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
DUP_SHARE = 0.01
BAD_SHARE = 0.005
INTAKE = "http://127.0.0.1:8081"
TIMEOUT = int(os.environ.get("BENCH_IMPORT_TIMEOUT", "3600"))
WORK = os.path.join(b.REPO, "deploy/local/.work")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯"
CITIES = ["上海", "北京", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "苏州"]
# Characters Chinese company names are made of (a few hundred common ones): brands of two to four of them.
BRAND = ("星辰河海云天华恒泰安瑞丰鼎盛嘉信达宏远通博源金鑫隆兴德明辉晨光合众新锐科创智联峰岭松柏竹梅兰菊"
         "东南西北中国家大小山水火土木石田禾米金银铜铁玉珠宝美丽佳和平康健寿福禄喜乐吉祥如意顺利发展"
         "力量能源电气机械工业商务贸易投资实业集团控股产业农林牧渔汽车船舶航空铁路交通运输仓储快递邮政"
         "电子信息网络软件数据智能云端互联物联平台服务咨询管理设计装饰建筑工程材料化工医药生物健康食品"
         "饮料酒业茶叶服装纺织鞋业皮革家具家电照明五金塑料橡胶玻璃陶瓷造纸印刷包装文化传媒广告影视音乐"
         "教育培训体育旅游酒店餐饮物业地产房屋租赁环保节能水务燃气热力矿业钢铁有色冶金石油化纤精密仪器"
         "光电芯片半导体通讯卫星导航机器人自动化新材料储能氢氧碳硅锂钴镍稀土磁电池光伏风电核电")
INDUSTRIES = ["科技", "贸易", "物流", "食品", "软件", "医药", "建材", "传媒", "咨询", "教育"]
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", ""]


def write_csv(path, rows, run):
    """Returns (accepted, duplicates, rejected) the file should produce."""
    rnd = random.Random(run)
    base = rnd.randrange(0, 90_000_000 - rows)
    accepted = dups = bad = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("姓名,公司名称,手机,邮箱,城市,活动\r\n")
        for i in range(rows):
            r = rnd.random()
            city = rnd.choice(CITIES)
            if r < BAD_SHARE:
                f.write(f"坏行{i},,12345,,{city},{run}\r\n")
                bad += 1
                continue
            if r < BAD_SHARE + DUP_SHARE and accepted > 0:
                n = base + rnd.randrange(0, accepted)
                f.write(f"重复{i},,0086-199-{n // 10000:04d}-{n % 10000:04d},,{city},{run}\r\n")
                dups += 1
                continue
            n = base + accepted
            name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.6 else "")
            brand = "".join(rnd.choice(BRAND) for _ in range(rnd.choice((2, 3, 4))))
            company = city + brand + rnd.choice(INDUSTRIES) + rnd.choice(SUFFIXES)
            email = f"p{n}@bench-import.cn" if rnd.random() < 0.5 else ""
            f.write(f"{name},{company},199{n:08d},{email},{city},{run}\r\n")
            accepted += 1
    return accepted, dups, bad


def intake_pid():
    with open(os.path.join(WORK, "pids", "lead-intake-service.pid")) as f:
        return int(f.read().strip())


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def live_heap_mib(pid):
    """The intake's heap in use right after a full collection: what it keeps, not what it churned through."""
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    # One line per generation (serial: "def new generation", "tenured generation"; G1: "garbage-first heap").
    used = [int(k) for k in re.findall(r"(?:generation|heap)\s+total \d+K, used (\d+)K", out)]
    return round(sum(used) / 1024, 1) if used else None


def native_memory_mib(pid):
    """Committed memory per Native Memory Tracking category (Java Heap, Code, Thread, Arena Chunk, Other…),
    when intake runs with -XX:NativeMemoryTracking=summary (see bench/README.md); None otherwise."""
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
    found = {m.group(1).strip(): round(int(m.group(2)) / 1024, 1)
             for m in re.finditer(r"^-\s+([A-Za-z ]+?)\s+\(reserved=\d+KB, committed=(\d+)KB\)", out, re.M)}
    total = re.search(r"^Total: reserved=\d+KB, committed=(\d+)KB", out, re.M)
    if total:
        found["Total"] = round(int(total.group(1)) / 1024, 1)
    return found or None


def restart_intake():
    pid = intake_pid()
    os.kill(pid, 15)
    for _ in range(100):
        if not os.path.exists(f"/proc/{pid}"):
            break
        time.sleep(0.1)
    # The jar it stopped, never a rebuild: sources edited while a benchmark runs must not change what it measures.
    subprocess.run([os.path.join(b.REPO, "deploy/local/up.sh")], check=True, capture_output=True,
                   env=dict(os.environ, LEADPOOL_SKIP_BUILD="1"))


def upload(path, token):
    out = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-H", f"Authorization: Bearer {token}",
                          "-F", f"file=@{path};type=text/csv", f"{INTAKE}/api/v1/imports"],
                         check=True, capture_output=True, text=True).stdout
    body, status = out.rsplit("\n", 1)
    if status != "202":
        raise SystemExit(f"upload refused: {status} {body}")
    return json.loads(body)


def pooled(run):
    return int(b.psql("pool", f"select count(*) from lead where tenant_id = 'acme' and campaign = '{run}'")[0][0])


def run_import(path, rows, expected, token, run):
    cpu0 = b.cpu_snapshot()
    t0 = time.time()
    job = upload(path, token)
    t_uploaded = time.time()
    completed = None
    while time.time() - t0 < TIMEOUT:
        status, view = b.http("GET", f"{INTAKE}/api/v1/imports/{job['importId']}", token)
        if view["status"] in ("FAILED", "CANCELLED"):
            raise SystemExit(f"import ended {view['status']}: {view}")
        if view["status"] == "COMPLETED" and completed is None:
            completed = (time.time(), view)
        if completed and pooled(run) >= expected[0]:
            break
        time.sleep(0.5)
    else:
        raise SystemExit(f"import not done within {TIMEOUT} s: {view}")
    t_pooled = time.time()
    cpu1 = b.cpu_snapshot()
    view = completed[1]
    counted = (view["accepted"], view["duplicates"], view["rejected"])
    return {"rows": rows, "expected": expected, "counted": counted, "accounted": sum(counted) == rows and counted == expected,
            "upload_s": round(t_uploaded - t0, 2), "completed_s": round(completed[0] - t0, 2),
            "pooled_s": round(t_pooled - t0, 2), "rows_per_s": round(rows / (t_pooled - t0)),
            "cpu_ms_per_row": b.cpu_ms_per(cpu0, cpu1, rows),
            "import_id": job["importId"]}


def copy_baseline(path, rows):
    b.psql("postgres", "select 1")  # the server is up
    if not b.psql("postgres", "select 1 from pg_database where datname = 'bench'", superuser=True):
        b.psql("postgres", "create database bench owner leadpool_owner template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C.UTF-8'", superuser=True)
    b.psql("bench", "drop table if exists import_copy; create table import_copy (name text, company text, phone text,"
                    " email text, region text, campaign text)")
    times = []
    for _ in range(3):
        b.psql("bench", "truncate import_copy")
        t = time.time()
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", b.PG["host"], "-p", b.PG["port"], "-U",
                        b.PG["user"], "bench", "-c", "\\copy import_copy from '" + path + "' with (format csv, header true)"],
                       env=dict(os.environ, PGPASSWORD=b.PG["password"]), check=True)
        times.append(time.time() - t)
    b.psql("bench", "drop table import_copy")
    median = statistics.median(times)
    return {"seconds": [round(x, 2) for x in times], "median_s": round(median, 2), "rows_per_s": round(rows / median)}


def cleanup(run, import_ids):
    b.psql("pool", "set session_replication_role = replica;"
                   f" delete from notification n using lead l where l.tenant_id = 'acme' and l.id = n.lead_id and l.campaign = '{run}';"
                   f" delete from lead_history h using lead l where l.tenant_id = 'acme' and l.id = h.lead_id and l.campaign = '{run}';"
                   f" delete from lead where tenant_id = 'acme' and campaign = '{run}'; analyze lead;", superuser=True)
    b.psql("dedup", "create temp table gone as select distinct lead_id from identity_key where tenant_id = 'acme'"
                    " and (value like '+86199%' or value like '%@bench-import.cn');"
                    " delete from conflict c using gone g where c.tenant_id = 'acme' and c.lead_id = g.lead_id;"
                    " delete from conflict c using gone g where c.tenant_id = 'acme' and c.existing_lead_id = g.lead_id;"
                    " delete from lead_profile p using gone g where p.tenant_id = 'acme' and p.lead_id = g.lead_id;"
                    " delete from decision d using gone g where d.tenant_id = 'acme' and d.lead_id = g.lead_id;"
                    " delete from identity_key k using gone g where k.tenant_id = 'acme' and k.lead_id = g.lead_id;"
                    " analyze lead_profile; analyze identity_key;", superuser=True)
    for i in import_ids:
        b.psql("intake", f"delete from import_rejection where import_id = '{i}'")
    settle()


# The tables cleanup() deletes from. A tenant never deletes a million leads, but every run here does, and the index
# pages those deletes empty stay in the index (vacuum frees their entries, not the pages): the trigram index of
# lead_profile grew to 154 MB for no live row, and a company search read 170 buffers instead of 18.
SETTLED = {"pool": ("lead", "lead_history", "notification"),
           "dedup": ("lead_profile", "identity_key", "decision", "conflict"),
           "intake": ("import_rejection",)}


def settle():
    """Puts the lead tables back as a database that never held the removed rows would have them: vacuumed, statistics
    renewed, indexes rebuilt; so that every run starts from the same state (the outbox and inbox are left as they are:
    their churn is the suite's own, in use as here)."""
    for db, tables in SETTLED.items():
        for t in tables:
            b.psql(db, f"vacuum (analyze) {t}", superuser=True)
            b.psql(db, f"reindex table {t}", superuser=True)


def main():
    os.makedirs(os.path.join(b.REPO, "bench/results"), exist_ok=True)
    tmp = os.path.join(WORK, "bench")
    os.makedirs(tmp, exist_ok=True)
    stamp = time.strftime("%d%H%M%S")
    small_run, big_run = f"bi{stamp}s", f"bi{stamp}l"  # the campaign column: short, it is in every row
    small_path, big_path = os.path.join(tmp, "import-small.csv"), os.path.join(tmp, "import-large.csv")
    t = time.time()
    small_expected = write_csv(small_path, SMALL, small_run)
    big_expected = write_csv(big_path, ROWS, big_run)
    size = os.path.getsize(big_path)
    print(f"files written in {time.time() - t:.1f} s ({size / 1e6:.1f} MB)", flush=True)
    if size > 100 * 1024 * 1024:
        raise SystemExit(f"the file has {size} bytes, over the 100 MB an import takes")
    copy = copy_baseline(big_path, ROWS)
    print(f"COPY: {copy}", flush=True)
    ids = []

    def on_fresh_intake(label, path, rows, expected, run):
        restart_intake()
        measured = run_import(path, rows, expected, b.token("alice", "acme"), run)
        ids.append(measured["import_id"])
        measured["intake_peak_rss_mib"] = round(vm_hwm_kib(intake_pid()) / 1024, 1)
        measured["intake_live_heap_mib"] = live_heap_mib(intake_pid())
        nmt = native_memory_mib(intake_pid())
        if nmt:
            measured["intake_native_memory_mib"] = nmt
        print(f"{label}: {measured}", flush=True)
        return measured

    settle()
    try:
        small = on_fresh_intake("small", small_path, SMALL, small_expected, small_run)
    finally:
        cleanup(small_run, ids)
    runs = []
    for n in range(RUNS):
        ids.clear()
        try:
            runs.append(on_fresh_intake(f"large {n + 1}", big_path, ROWS, big_expected, big_run))
        finally:
            cleanup(big_run, ids)
    big = {"rows": ROWS, "runs": runs, "accounted": all(r["accounted"] for r in runs),
           "counted": runs[0]["counted"], "expected": big_expected,
           **{k: b.median_spread([r[k] for r in runs]) for k in
              ("rows_per_s", "pooled_s", "completed_s", "upload_s", "intake_peak_rss_mib", "intake_live_heap_mib")},
           "cpu_ms_per_row": {k: statistics.median(r["cpu_ms_per_row"][k] for r in runs) for k in runs[0]["cpu_ms_per_row"]}}
    result = {"copy": copy, "small": small, "large": big,
              "ratio_to_copy": round(big["rows_per_s"][0] / copy["rows_per_s"], 4),
              "rss_difference_mib": round(big["intake_peak_rss_mib"][0] - small["intake_peak_rss_mib"], 1),
              "live_heap_difference_mib": round(big["intake_live_heap_mib"][0] - small["intake_live_heap_mib"], 1),
              "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    with open(os.path.join(b.REPO, "bench/results/imports.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
