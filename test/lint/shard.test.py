"""shard.test.py <full.json> <shard.json> <shard.stderr> ...

Checks that the shards of `cta lint --shard K/N` split the translation units
of the unsharded run: the translation units analyzed add up to the
unsharded count, every finding of a translation unit's own file is in
exactly one shard, and the union of the shards' findings is the unsharded
run's. Prints one line per check for FileCheck.
"""
import json
import re
import sys


def key(f):
    return (f["rule"], f["check"]["file"], f["check"]["line"], f["check"]["column"],
            f["act"]["file"], f["act"]["line"], f["act"]["column"])


def analyzed(stderr):
    m = re.search(r"\((\d+) translation units? analyzed", open(stderr).read())
    return int(m.group(1))


full = {key(f) for f in json.load(open(sys.argv[1]))}
shards = []
for js, err in zip(sys.argv[2::2], sys.argv[3::2]):
    shards.append(([key(f) for f in json.load(open(js))], analyzed(err)))

union = set()
for findings, _ in shards:
    union |= set(findings)
print("union", "equal" if union == full else f"differs: {sorted(union ^ full)}")
print("translation units", sum(n for _, n in shards))
# A .cpp finding comes from that TU alone; a header's from each TU that
# includes it, which may be in several shards.
own = [k for findings, _ in shards for k in findings if k[1].endswith(".cpp")]
print("own-file findings", len(own), "distinct", len(set(own)))
print("shards with findings", sum(1 for findings, _ in shards if findings))
