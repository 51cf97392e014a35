#!/usr/bin/env python3
"""CPU time of PostgreSQL's processes, summed per database (backends) or per process kind (checkpointer,
autovacuum, …), between two moments: what each service's statements cost the server, which pg_stat_statements'
times (wall clock, waits included) cannot say.
    python3 bench/pg_cpu.py snap /tmp/before.json     # before the work
    python3 bench/pg_cpu.py diff /tmp/before.json     # after it: CPU seconds by database and kind
Backends that exit between the two (an intake restarted by imports.py closes its connections) take their CPU with
them: compare databases whose services stayed up."""
import collections, json, os, sys

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot():
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                title = f.read().replace("\0", " ").strip()
            if not title or not os.path.basename(title.split()[0]).startswith("postgres"):
                continue
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            found[pid] = ((int(fields[11]) + int(fields[12])) / TICKS, title)  # utime + stime
        except OSError:
            continue
    return found


def kind(title):
    """'postgres: leadpool dedup 127.0.0.1(…) idle' -> 'leadpool dedup'; 'postgres: checkpointer' -> 'checkpointer'."""
    words = title.split()
    if words[0] != "postgres:":
        return "postmaster"
    if len(words) >= 4 and "(" in words[3]:  # a backend: user, database, client address
        return f"{words[1]} {words[2]}"
    return " ".join(words[1:3])


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("snap", "diff"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "snap":
        with open(sys.argv[2], "w") as f:
            json.dump(snapshot(), f)
    else:
        with open(sys.argv[2]) as f:
            before = json.load(f)
        spent = collections.Counter()
        for pid, (cpu, title) in snapshot().items():
            spent[kind(title)] += cpu - (before[pid][0] if pid in before else 0)
        for name, seconds in spent.most_common():
            print(f"{seconds:8.2f} s  {name}")
