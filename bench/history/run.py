#!/usr/bin/env python3
"""Recall of cta on fixed check-then-act bugs from public repositories.

For each row of bench/history/cases.tsv: materialize the repository at the
parent of the fix and at the fix (git archive from a local bare mirror into
<work>/<repo>-<rev>), lint the file with `cta lint --min-confidence low
--format json <file> -- <flags>`, and decide from the JSON whether cta flags
the racy function at the parent and is quiet on it at the fix. Writes
bench/results/history.md. Nothing is marked by hand: the verdicts come from
cta's output. See bench/history/README.md.
"""

import argparse
import csv
import datetime
import json
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
import io

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STUBS = os.path.join(HERE, "stubs")

# How to build each repository's files. `corpus`: take the compile command of
# the same file (or of a file of the same directory) from
# /work/corpora/<corpus>/build/compile_commands.json and rewrite the source
# root to the materialized tree; the build directory (generated headers) is
# read as it is. `flags`: a fixed minimal set instead. `stubs`: a directory of
# bench/history/stubs standing in for headers CMake generates.
# `submodules`: path -> mirror, materialized at the commit the tree records.
# `generated`: files CMake writes into the source tree, copied from the corpus
# checkout when the materialized tree lacks them.
REPOS = {
    "facebook/rocksdb": {"mirror": "facebook+rocksdb", "corpus": "rocksdb"},
    "apache/brpc": {"mirror": "apache+brpc", "corpus": "brpc",
                    "generated": ["src/butil/config.h"]},
    "drogonframework/drogon": {
        "mirror": "drogonframework+drogon",
        "corpus": "drogon",
        "stubs": "drogon",
        "submodules": {"trantor": "an-tao+trantor"},
    },
    "gabime/spdlog": {
        "mirror": "gabime+spdlog",
        "flags": ["-std=c++11", "-I{tree}/include"],
    },
    "an-tao/trantor": {
        "mirror": "an-tao+trantor",
        "flags": ["-std=c++17", "-I{tree}"],
        "stubs": "trantor",
    },
}

# Flags one case needs on top of its repository's, keyed by fix commit.
# brpc of 2017 assigns to a const member inside a class template
# (bvar/scoped_timer.h), which clang 19 rejects when it parses the template;
# delayed template parsing checks it only on instantiation (the function of
# the case is not a template).
EXTRA_FLAGS = {"c52b0fda": ["-fdelayed-template-parsing"]}

# The bare mirrors: <MIRRORS>/<owner>+<name>/repo (CTA_CORPUS_MIRROR, as
# bench/precision/corpora.sh reads it).
MIRRORS = os.environ.get("CTA_CORPUS_MIRROR", "/work/.mirror")
CORPORA = "/work/corpora"


def git(mirror, *args):
    return subprocess.check_output(
        ["git", "--git-dir", os.path.join(MIRRORS, mirror, "repo")] + list(args))


def extract(mirror, rev, dest):
    """git archive <rev> of <mirror> into <dest> (once; a marker records it)."""
    marker = os.path.join(dest, ".cta-history-complete")
    if os.path.exists(marker):
        return
    os.makedirs(dest, exist_ok=True)
    data = git(mirror, "archive", "--format=tar", rev)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="tar") if sys.version_info >= (3, 12) \
            else tar.extractall(dest)
    open(marker, "w").close()


def materialize(repo, rev, work):
    cfg = REPOS[repo]
    tree = os.path.join(work, "%s-%s" % (repo.split("/")[1], rev))
    extract(cfg["mirror"], rev, tree)
    for path, mirror in cfg.get("submodules", {}).items():
        entry = git(cfg["mirror"], "ls-tree", rev, path).decode().split()
        if len(entry) >= 3 and entry[1] == "commit":
            extract(mirror, entry[2], os.path.join(tree, path))
    for path in cfg.get("generated", []):
        dest = os.path.join(tree, path)
        if not os.path.exists(dest):
            shutil.copyfile(os.path.join(CORPORA, cfg["corpus"], path), dest)
    return tree


def corpus_flags(corpus, relfile, tree):
    src_root = os.path.join(CORPORA, corpus)
    build = os.path.join(src_root, "build")
    with open(os.path.join(build, "compile_commands.json")) as f:
        db = json.load(f)
    want = os.path.join(src_root, relfile)
    same_dir = [e for e in db if os.path.dirname(e["file"]) == os.path.dirname(want)]
    exact = [e for e in db if e["file"] == want]
    if not exact and not same_dir:
        raise SystemExit("no compile command near %s in %s" % (relfile, corpus))
    entry = (exact or same_dir)[0]
    argv = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c", "-MF", "-MT", "-MQ"):
            skip = a != "-c"
            continue
        if a == entry["file"] or a.endswith(".o"):
            continue
        if build in a:
            out.append(a)  # generated headers: read from the corpus build
        else:
            out.append(a.replace(src_root, tree))
    return out


def flags_for(repo, relfile, tree):
    cfg = REPOS[repo]
    if "corpus" in cfg:
        flags = corpus_flags(cfg["corpus"], relfile, tree)
    else:
        flags = [f.format(tree=tree) for f in cfg["flags"]]
    if "stubs" in cfg:
        flags.append("-I" + os.path.join(STUBS, cfg["stubs"]))
    return flags


def matches(qualified, function):
    return qualified == function or qualified.endswith("::" + function)


def translation_unit(tree, path):
    """The file to lint: the source itself, or for a header (header-only
    libraries) a one-line .cpp next to the tree that includes it."""
    if not path.endswith((".h", ".hpp")):
        return path
    tu = os.path.join(tree + ".tu", os.path.basename(path) + ".cpp")
    os.makedirs(os.path.dirname(tu), exist_ok=True)
    with open(tu, "w") as f:
        f.write('#include "%s"\n' % path)
    return tu


def lint(cta, tree, case, timeout):
    path = os.path.join(tree, case["file"])
    with open(path, errors="replace") as f:
        if case["function"].split("::")[-1] + "(" not in f.read():
            raise SystemExit("%s: no definition of %s" % (path, case["function"]))
    paths = [translation_unit(tree, path)]
    # A second translation unit (the helpers the function calls are defined
    # there): both are linted in one run, so that cta lint summarizes the
    # helpers in theirs and analyzes the caller's again with those summaries.
    # Both take the first file's flags.
    if case.get("other_tu"):
        other = os.path.join(tree, case["other_tu"])
        if not os.path.exists(other):
            raise SystemExit("%s: no such file" % other)
        paths.append(translation_unit(tree, other))
    cmd = [cta, "lint", "--min-confidence", "low", "--format", "json"] + \
        paths + ["--"] + flags_for(case["repo"], case["file"], tree) + \
        EXTRA_FLAGS.get(case["fix"], [])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"cmd": cmd, "state": "timeout", "findings": [], "stderr": ""}
    try:
        findings = json.loads(p.stdout) if p.stdout.strip() else []
    except json.JSONDecodeError:
        findings = []
    if p.returncode == 2 or p.returncode > 2 or p.returncode < 0:
        state = "error"
    else:
        state = "ok"
    mine = [f for f in findings
            if matches(f["function"]["qualifiedName"], case["function"])]
    return {"cmd": cmd, "state": state, "rc": p.returncode, "findings": mine,
            "all": len(findings), "stderr": p.stderr}


def verdict(run):
    if run["state"] != "ok":
        return "%s (exit %s)" % (run["state"], run.get("rc", "-"))
    if not run["findings"]:
        return "quiet"
    return "; ".join("%s %s line %d" % (f["rule"], f["confidence"], f["check"]["line"])
                     for f in run["findings"])


def outcome(case, parent, fix):
    if parent["state"] != "ok" or fix["state"] != "ok":
        return "not analyzed"
    if not parent["findings"]:
        return "missed"
    rules = {f["rule"] for f in parent["findings"]}
    if fix["findings"]:
        return "caught, still flagged at fix"
    if case["rule"] in rules:
        return "caught"
    return "caught (as %s)" % ", ".join(sorted(rules))


def md_escape(s):
    return s.replace("|", "\\|")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cta", default=os.path.join(ROOT, "build", "bin", "cta"))
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.tsv"))
    ap.add_argument("--work", default="/work/hist",
                    help="where the trees are materialized (default /work/hist)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "history.md"))
    ap.add_argument("--only", help="run only cases whose fix commit starts with this")
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args()

    with open(args.cases) as f:
        cases = list(csv.DictReader(f, delimiter="\t"))
    if args.only:
        cases = [c for c in cases if c["fix"].startswith(args.only)]
    results = []
    for c in cases:
        runs = {}
        for side in ("parent", "fix"):
            tree = materialize(c["repo"], c[side], args.work)
            runs[side] = lint(args.cta, tree, c, args.timeout)
            print("%s %s %s: %s" % (c["repo"], side, c[side], verdict(runs[side])),
                  file=sys.stderr)
        results.append((c, runs["parent"], runs["fix"]))

    cta_rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    argv = " ".join(["CTA_CORPUS_MIRROR=" + shlex.quote(MIRRORS)] +
                    [shlex.quote(a) for a in sys.argv])
    outcomes = [outcome(c, p, x) for c, p, x in results]
    caught = sum(1 for o in outcomes if o.startswith("caught"))
    clean = sum(1 for o in outcomes if o.startswith("caught") and "still" not in o)
    lines = [
        "# cta on fixed check-then-act bugs (history recall)",
        "",
        "Generated by `%s` on %s with cta at %s (`cta lint --min-confidence low`)." %
        (argv, now, cta_rev or "?"),
        "Cases: `bench/history/cases.tsv`; method: `bench/history/README.md`.",
        "",
        "Parent flagged: %d of %d; flagged at the parent and quiet at the fix: %d of %d." %
        (caught, len(results), clean, len(results)),
        "",
        "| # | repo | fix | parent | function | expected | at parent | at fix | result |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, (c, p, x) in enumerate(results, 1):
        lines.append("| %d | %s | %s | %s | `%s` | %s | %s | %s | %s |" % (
            i, c["repo"], c["fix"], c["parent"], c["function"], c["rule"],
            md_escape(verdict(p)), md_escape(verdict(x)), outcome(c, p, x)))
    lines += ["", "## Cases", ""]
    for i, (c, p, x) in enumerate(results, 1):
        res = outcome(c, p, x)
        lines += ["### %d. %s %s `%s`" % (i, c["repo"], c["fix"], c["function"]), "",
                  "%s (`%s`%s)." % (c["description"], c["file"],
                                    ", with `%s`" % c["other_tu"]
                                    if c.get("other_tu") else ""), "",
                  "Result: **%s**." % res]
        if res == "missed" and c.get("miss_reason"):
            lines.append("Why missed (mechanism cta lacks): %s." % c["miss_reason"])
        for side, run in (("parent", p), ("fix", x)):
            lines += ["", "At the %s (%s): %s" % (side, c[side], verdict(run))]
            for f in run["findings"]:
                lines.append("- `%s` line %d: %s (%s confidence; %s)" % (
                    f["rule"], f["check"]["line"], f["message"], f["confidence"],
                    "; ".join(f.get("evidence", []))))
            if run["state"] != "ok":
                err = [l for l in run["stderr"].splitlines() if "error" in l][:3]
                lines += ["- " + md_escape(e) for e in err]
            lines += ["", "```sh", " ".join(shlex.quote(a) for a in run["cmd"]), "```"]
        lines.append("")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("wrote %s" % args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
