#!/usr/bin/env python3
"""The execution samples of a JFR recording by layer: the share of samples whose stack passes through each
(a sample counts for every layer on its stack, so the shares overlap); the share charged to the layer nearest the top
of each stack (the JDK's own frames go to the layer that called them; these add up to at most 100 %); then the
hottest top frames. JFR keeps at most 64 frames of a stack, and reactive stacks are deeper: the shares of layers near
the bottom of a stack (the suite's own code, Mutiny) are lower bounds. `jfr print` shows 5 frames a stack unless told
otherwise; until 2026-11-30 this script read only those 5, so its earlier shares of deep layers were far too low.
    python3 bench/jfr_groups.py recording.jfr
With --callers FRAME (a substring of `package/Class.method`), instead: how many samples have that frame on their stack,
and the commonest chains from it down to its callers (8 frames):
    python3 bench/jfr_groups.py recording.jfr --callers String.charAt"""
import collections, json, subprocess, sys

LAYERS = {"Hibernate Reactive": ("org/hibernate", "io/quarkus/hibernate"),
          "token verification (jose4j, OIDC, JWT)": ("org/jose4j", "io/quarkus/oidc", "io/smallrye/jwt"),
          "  of it RSA (BigInteger)": ("java/math/BigInteger",), "Netty": ("io/netty",), "Vert.x core": ("io/vertx/core",),
          "Vert.x SQL and PostgreSQL client": ("io/vertx/sqlclient", "io/vertx/pgclient"),
          "RESTEasy Reactive": ("org/jboss/resteasy", "io/quarkus/resteasy"), "context propagation": ("io/smallrye/context",),
          "Mutiny": ("io/smallrye/mutiny",), "Jackson": ("com/fasterxml/jackson",), "Micrometer": ("io/micrometer",),
          "Kafka client": ("org/apache/kafka",), "SmallRye Reactive Messaging": ("io/smallrye/reactive/messaging",),
          "logging": ("org/jboss/logmanager",), "the suite's own code": ("io/leadpool",)}

if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2] != "--callers"):
    raise SystemExit(__doc__)
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", sys.argv[1]],
                     check=True, capture_output=True, text=True).stdout
stacks = [[f["method"]["type"]["name"] + "." + f["method"]["name"] for f in e["values"]["stackTrace"]["frames"]]
          for e in json.loads(out)["recording"]["events"]]
stacks = [s for s in stacks if s]
if not stacks:
    raise SystemExit("no execution samples in " + sys.argv[1])
if len(sys.argv) == 4:
    chains = collections.Counter(" < ".join(f.rsplit("/", 1)[-1] for f in s[i:i + 8])
                                 for s in stacks for i in [next((i for i, f in enumerate(s) if sys.argv[3] in f), None)]
                                 if i is not None)
    print(f"{sum(chains.values())} of {len(stacks)} samples have {sys.argv[3]} on their stack; from it to its callers:")
    for chain, n in chains.most_common(12):
        print(f"  {n:5d}  {chain}")
    raise SystemExit(0)
through = collections.Counter(layer for s in stacks for layer, prefixes in LAYERS.items() if any(f.startswith(prefixes) for f in s))
print(f"{len(stacks)} samples; share whose stack passes through:")
for layer, n in through.most_common():
    print(f"  {100 * n / len(stacks):5.1f} %  {layer}")
print("charged to the layer nearest the top of the stack:")
nearest = collections.Counter(next((layer for f in s for layer, prefixes in LAYERS.items()
                                    if not layer.startswith(" ") and f.startswith(prefixes)), "(none of these)")
                              for s in stacks)
for layer, n in nearest.most_common():
    print(f"  {100 * n / len(stacks):5.1f} %  {layer}")
print("hottest top frames:")
for frame, n in collections.Counter(s[0] for s in stacks).most_common(10):
    print(f"  {100 * n / len(stacks):5.1f} %  {frame}")
