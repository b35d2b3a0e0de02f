#!/usr/bin/env python3
"""check-json.py [file.json]

Validates the output of `cta lint --format json` (one JSON array of findings,
docs/cli.md) and prints one line per finding for FileCheck:
  finding <rule> object=<object> check=<file basename>:<line>:<col> act=<file basename>:<line>:<col> function=<qualifiedName> locks=<atCheck>/<atAct> fixes=<n>
where <atCheck>/<atAct> are the held mutexes joined with ',' ('-' for none).
Every path must be absolute. On a violation prints
`check-json: error: <what>` and exits 1. Reads standard input without a file.
"""
import json
import os
import sys


class Invalid(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Invalid(what)


def typed(o, key, ty, where):
    need(key in o, f"{where} has no '{key}'")
    need(isinstance(o[key], ty) and not (ty is int and isinstance(o[key], bool)),
         f"{where}.{key} is not a {ty.__name__}")
    return o[key]


def site(o, where):
    need(isinstance(o, dict), f"{where} is not an object")
    path = typed(o, "file", str, where)
    need(os.path.isabs(path), f"{where}.file '{path}' is not absolute")
    line = typed(o, "line", int, where)
    col = typed(o, "column", int, where)
    need(line >= 1 and col >= 1, f"{where} has line {line}, column {col}")
    typed(o, "text", str, where)
    return f"{os.path.basename(path)}:{line}:{col}"


def finding(i, f):
    where = f"[{i}]"
    need(isinstance(f, dict), f"{where} is not an object")
    rule = typed(f, "rule", str, where)
    need(rule.startswith("cta-"), f"{where}.rule '{rule}'")
    obj = typed(f, "object", str, where)
    need(obj, f"{where}.object is empty")
    message = typed(f, "message", str, where)
    need(obj in message, f"{where}.message does not name the object")
    need(typed(f, "replacement", str, where).startswith("use "),
         f"{where}.replacement does not start with 'use '")
    fp = typed(f, "fingerprint", str, where)
    need(fp, f"{where}.fingerprint is empty")
    check = site(f.get("check"), f"{where}.check")
    act = site(f.get("act"), f"{where}.act")
    fn = f.get("function")
    need(isinstance(fn, dict), f"{where}.function is not an object")
    qn = typed(fn, "qualifiedName", str, f"{where}.function")
    need(qn, f"{where}.function.qualifiedName is empty")
    typed(fn, "usr", str, f"{where}.function")
    typed(fn, "signature", str, f"{where}.function")
    locks = f.get("locks")
    need(isinstance(locks, dict), f"{where}.locks is not an object")
    held = []
    for k in ("atCheck", "atAct"):
        v = typed(locks, k, list, f"{where}.locks")
        need(all(isinstance(m, str) for m in v), f"{where}.locks.{k} holds a non-string")
        held.append(",".join(v) or "-")
    for k in ("checkShared", "actShared", "recheck"):
        typed(locks, k, bool, f"{where}.locks")
    fixes = typed(f, "fixes", list, where)
    for j, x in enumerate(fixes):
        xw = f"{where}.fixes[{j}]"
        need(isinstance(x, dict), f"{xw} is not an object")
        need(os.path.isabs(typed(x, "file", str, xw)), f"{xw}.file is not absolute")
        typed(x, "offset", int, xw)
        typed(x, "length", int, xw)
        typed(x, "replacement", str, xw)
    return (f"finding {rule} object={obj} check={check} act={act} function={qn} "
            f"locks={held[0]}/{held[1]} fixes={len(fixes)}")


def main():
    data = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    try:
        try:
            doc = json.loads(data)
        except ValueError as e:
            raise Invalid(f"not JSON: {e}")
        need(isinstance(doc, list), "the output is not a JSON array")
        lines = [finding(i, f) for i, f in enumerate(doc)]
    except Invalid as e:
        print(f"check-json: error: {e}", file=sys.stderr)
        return 1
    print("\n".join(lines + [f"findings {len(doc)}"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
