"""Shared pieces of the benchmarks: the local suite's addresses, Keycloak tokens and users, SQL through
psql, an HTTP/1.1 keep-alive load client, and statistics. Standard library only."""
import asyncio, json, os, statistics, subprocess, time, urllib.error, urllib.request

KC = "http://127.0.0.1:8180"
POOL_HOST, POOL_PORT = "127.0.0.1", 8083
# The owner role: it arranges and inspects data across tenants (the services connect as "leadpool",
# which row-level security holds to one tenant per transaction).
PG = dict(host="127.0.0.1", port="54329", user="leadpool_owner", password="leadpool_owner")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_SOCKET = os.path.join(REPO, "deploy/local/.work/run/postgres")


def psql(db, sql, superuser=False):
    """Runs SQL, returns stdout rows as lists of strings (tab-separated, unaligned)."""
    if superuser:
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_SOCKET, "-p", PG["port"], "-U", "postgres",
               "-At", "-F", "\t", db, "-c", sql]
        env = dict(os.environ)
    else:
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"],
               "-At", "-F", "\t", db, "-c", sql]
        env = dict(os.environ, PGPASSWORD=PG["password"])
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def copy(db, table, columns, rows):
    """Loads rows (tuples of strings) with COPY through psql's stdin, as the superuser: PostgreSQL refuses
    COPY FROM into a table under row-level security to everyone else, the owner included."""
    data = "".join("\t".join(r) + "\n" for r in rows)
    cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_SOCKET, "-p", PG["port"], "-U", "postgres", db,
           "-c", f"copy {table} ({', '.join(columns)}) from stdin"]
    subprocess.run(cmd, input=data, check=True, capture_output=True, text=True)


def http(method, url, token=None, body=None, form=None):
    data = None
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if form is not None:
        data = form.encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, method=method, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, json.loads(raw) if raw else None


def token(user, realm="acme", password=None):
    status, body = http("POST", f"{KC}/realms/{realm}/protocol/openid-connect/token",
                        form=f"grant_type=password&client_id=lead-pool-cli&username={user}&password={password or user}")
    if status != 200:
        raise SystemExit(f"no token for {user}@{realm}: {status} {body}")
    return body["access_token"]


def ensure_reps(realm, names):
    """Creates sales reps in the realm through Keycloak's admin API (password = name) if missing."""
    admin = http("POST", f"{KC}/realms/master/protocol/openid-connect/token",
                 form="grant_type=password&client_id=admin-cli&username=admin&password=admin")[1]["access_token"]
    status, role = http("GET", f"{KC}/admin/realms/{realm}/roles/sales-rep", admin)
    for name in names:
        status, found = http("GET", f"{KC}/admin/realms/{realm}/users?exact=true&username={name}", admin)
        if found:
            continue
        status, _ = http("POST", f"{KC}/admin/realms/{realm}/users", admin, {
            "username": name, "enabled": True, "email": f"{name}@bench.example", "emailVerified": True,
            "firstName": name, "lastName": "Bench",
            "credentials": [{"type": "password", "value": name, "temporary": False}]})
        if status not in (201, 409):
            raise SystemExit(f"cannot create {name}: {status}")
        uid = http("GET", f"{KC}/admin/realms/{realm}/users?exact=true&username={name}", admin)[1][0]["id"]
        http("POST", f"{KC}/admin/realms/{realm}/users/{uid}/role-mappings/realm", admin, [role])


def process_cpu_seconds(pids):
    """The CPU seconds (user + system) the given processes have used, from /proc/<pid>/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except FileNotFoundError:
            pass
    return total


def pids_of(pattern):
    return subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()


def machine_busy_seconds():
    """The whole machine's busy CPU seconds so far (all cores), from /proc/stat."""
    cpu = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return (sum(cpu) - cpu[3] - cpu[4]) / os.sysconf("SC_CLK_TCK")


# The suite's processes, by the pattern `pgrep -f` finds them with.
COMPONENTS = {"intake": f"{REPO}/lead-intake-service/target", "dedup": f"{REPO}/dedup-service/target",
              "pool": f"{REPO}/pool-service/target", "scheduler": f"{REPO}/scheduler-service/target",
              "kafka": "kafka.Kafka", "postgres": "^(/.*bin/postgres|postgres:)", "keycloak": "keycloak"}


JVM_SERVICES = ("intake", "dedup", "pool", "scheduler")


def jit_cpu_seconds(pids):
    """The CPU seconds the JIT compiler threads (C1 and C2) of the given JVMs have used so far, from each thread's
    /proc/<pid>/task/<tid>/stat. A compiler thread the JVM has stopped takes its seconds with it, so compare two
    readings over a short time only."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for tid in tids:
            try:
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except FileNotFoundError:
                continue
            if "CompilerThre" in stat[stat.index("(") + 1:stat.rindex(")")]:
                fields = stat.rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
    return total


def cpu_snapshot():
    """CPU seconds used so far by each component of the suite, by this client (`client`) and by the whole
    machine (`machine`, busy time of all cores). `jvm_jit` is the part of the four services' figures their JIT
    compilers used: code still being compiled, which a server that has run for a while no longer pays."""
    snap = {name: process_cpu_seconds(pids_of(pattern)) for name, pattern in COMPONENTS.items()}
    snap["jvm_jit"] = jit_cpu_seconds([p for name in JVM_SERVICES for p in pids_of(COMPONENTS[name])])
    own = os.times()
    snap["client"] = own.user + own.system
    snap["machine"] = machine_busy_seconds()
    return snap


def cpu_ms_per(before, after, count):
    """Each component's CPU milliseconds per unit of work between two snapshots."""
    return {k: round((after[k] - before[k]) * 1000 / count, 3) for k in before}


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def median_spread(values):
    return statistics.median(values), min(values), max(values)


async def read_status(reader):
    """Reads one HTTP/1.1 response (status line, headers, a Content-Length body) off a keep-alive
    connection; returns its status code."""
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"", b"\n"):
            break
        k, _, v = line.decode().partition(":")
        if k.lower() == "content-length":
            length = int(v.strip())
    if length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def _client(paths, token_of, deadline, latencies, statuses, conn_no, host, port):
    reader, writer = await asyncio.open_connection(host, port)
    tok = token_of(conn_no)
    try:
        while time.monotonic() < deadline and paths:
            item = paths.pop()
            path, body = (item, b"") if isinstance(item, str) else item
            kind = "Content-Type: application/json\r\n" if body else ""
            req = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {tok}\r\n{kind}"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body
            t0 = time.perf_counter()
            writer.write(req)
            await writer.drain()
            code = await read_status(reader)
            latencies.append(time.perf_counter() - t0)
            statuses[code] = statuses.get(code, 0) + 1
    finally:
        writer.close()


def drive(paths, token_of, connections, seconds, host=POOL_HOST, port=POOL_PORT):
    """POSTs each item once (a path, or a (path, JSON bytes) pair) over keep-alive connections for at most
    `seconds`; returns (rate, latencies, statuses)."""
    latencies, statuses = [], {}

    async def main():
        deadline = time.monotonic() + seconds
        start = time.monotonic()
        await asyncio.gather(*[_client(paths, token_of, deadline, latencies, statuses, i, host, port) for i in range(connections)])
        return time.monotonic() - start

    elapsed = asyncio.run(main())
    return len(latencies) / elapsed, latencies, statuses
