"""Writes broken copies of a valid SARIF log for sarif-schema.test."""
import copy
import json
import os
import sys

good = json.load(open(sys.argv[1]))
out = sys.argv[2]


def write(name, log):
    with open(os.path.join(out, name), "w") as f:
        json.dump(log, f, indent=2)


log = copy.deepcopy(good)
log["runs"][0]["results"][0]["level"] = "loud"
write("bad-level.sarif", log)

log = copy.deepcopy(good)
del log["runs"][0]["results"][0]["message"]
write("no-message.sarif", log)

log = copy.deepcopy(good)
log["runs"][0]["verdict"] = "CONFIRMED"
write("extra.sarif", log)

log = copy.deepcopy(good)
log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
write("line0.sarif", log)
