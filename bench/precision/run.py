#!/usr/bin/env python3
"""Lints the real codebases set up by corpora.sh whole and scores the findings
against the hand triage in triage.tsv.

    bench/precision/run.py --corpora <dir> [--build build] [--only NAME]
        [--jobs 2] [--out bench/results/precision.md] [--reuse]

For each project it runs, from the project's directory,

    cta lint -p build --min-confidence low --format json -o <json>

(every TU of the database; low so that every finding is scored and the
default view, medium and above, is a filter of the same run), and joins each
finding with triage.tsv by (project, rule, function, object). A finding with
no triage row is counted as untriaged, never as real. The report lists every
finding with its verdict, so the numbers can be checked line by line.
--reuse scores the JSON of the previous run instead of linting again.
"""

import argparse
import collections
import csv
import datetime
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECTS = ["leveldb", "rocksdb", "brpc", "drogon"]
LEVELS = {"low": 0, "medium": 1, "high": 2}


def load_triage(path):
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(
            (l for l in f if l.strip() and not l.startswith("#")), delimiter="\t"
        ):
            key = (r["project"], r["rule"], r["function"], r["object"])
            if r["verdict"] not in ("real", "fp", "unclear"):
                sys.exit(f"triage.tsv: bad verdict {r['verdict']!r} for {key}")
            rows[key] = r
    return rows


def commit_of(path):
    return subprocess.run(
        ["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()


def lint(cta, proj_dir, out_json, jobs):
    db = os.path.join(proj_dir, "build", "compile_commands.json")
    with open(db) as f:
        tus = len(json.load(f))
    cmd = [cta, "lint", "-p", "build", "--min-confidence", "low",
           "--format", "json", "-o", out_json, f"-j{jobs}"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=proj_dir, capture_output=True, text=True)
    wall = time.monotonic() - t0
    # 2: some TUs did not compile (a tool's generated header the configure
    # step does not make); the summary line counts them.
    if p.returncode not in (0, 1, 2) or not os.path.exists(out_json):
        sys.stderr.write(p.stderr[-4000:])
        sys.exit(f"cta lint failed on {proj_dir} (exit {p.returncode})")
    summary = [l for l in p.stderr.splitlines() if l.startswith("cta lint:")]
    meta = {"tus": tus, "wall": wall, "summary": summary, "cmd": " ".join(cmd),
            "cta_commit": commit_of(os.path.dirname(os.path.abspath(__file__)))[:12]}
    with open(out_json + ".meta", "w") as f:
        json.dump(meta, f)
    return meta


def rel(path, root):
    return os.path.relpath(path, root) if path.startswith(root) else path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--build", default="build")
    ap.add_argument("--only", action="append")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default="bench/results/precision.md")
    ap.add_argument("--reuse", action="store_true")
    a = ap.parse_args()
    cta = os.path.abspath(os.path.join(a.build, "bin", "cta"))
    triage = load_triage(os.path.join(HERE, "triage.tsv"))
    corpora = os.path.abspath(a.corpora)
    work = os.path.join(corpora, ".precision")
    os.makedirs(work, exist_ok=True)

    sections, table = [], []
    for name in a.only or PROJECTS:
        pdir = os.path.join(corpora, name)
        out_json = os.path.join(work, name + ".json")
        if a.reuse and os.path.exists(out_json + ".meta"):
            with open(out_json + ".meta") as f:
                meta = json.load(f)
        else:
            meta = lint(cta, pdir, out_json, a.jobs)
        with open(out_json) as f:
            findings = json.load(f)
        # One finding per (rule, function, object, check line): a header seen
        # by several TUs is one finding.
        seen, uniq = set(), []
        for fd in findings:
            k = (fd["rule"], fd["function"]["qualifiedName"], fd["object"],
                 fd["check"]["file"], fd["check"]["line"])
            if k not in seen:
                seen.add(k)
                uniq.append(fd)
        counts = {lvl: collections.Counter() for lvl in ("low", "medium")}
        lines = []
        for fd in sorted(uniq, key=lambda x: (x["check"]["file"], x["check"]["line"])):
            key = (name, fd["rule"], fd["function"]["qualifiedName"], fd["object"])
            t = triage.get(key)
            verdict = t["verdict"] if t else "untriaged"
            for lvl in counts:
                if LEVELS[fd["confidence"]] >= LEVELS[lvl]:
                    counts[lvl][verdict] += 1
            lines.append(
                "| {} | `{}` | `{}` | {}:{} | {} | {} | {} |".format(
                    fd["rule"], fd["function"]["qualifiedName"], fd["object"],
                    rel(fd["check"]["file"], pdir + "/"), fd["check"]["line"],
                    fd["confidence"], verdict,
                    (t["class"] + ": " if t and t["class"] else "")
                    + (t["note"] if t else ""),
                )
            )

        def prec(c):
            judged = c["real"] + c["fp"]
            return f"{c['real'] / judged:.2f}" if judged else "n/a (none judged)"

        for lvl, c in counts.items():
            table.append(
                f"| {name} | {lvl}+ | {sum(c.values())} | {c['real']} | {c['fp']} "
                f"| {c['unclear']} | {c['untriaged']} | {prec(c)} |"
            )
        sections.append(
            f"### {name}\n\n"
            f"Commit `{commit_of(pdir)}`, {meta['tus']} TUs, linted by cta at "
            f"`{meta['cta_commit']}`, wall time "
            f"{meta['wall']:.0f} s (`{meta['cmd'].replace(cta, 'cta')}`, "
            f"run in `{name}/`).\n"
            + "".join(f"\n    {s}" for s in meta["summary"])
            + "\n\n| rule | function | object | check | confidence | verdict | why |\n"
            "|---|---|---|---|---|---|---|\n" + "\n".join(lines) + "\n"
        )

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    doc = (
        "# Precision on real codebases\n\n"
        f"Generated by `bench/precision/run.py --corpora <dir>` on {now} "
        f"({os.cpu_count()} cores), after `bench/precision/corpora.sh "
        "<dir>`. Verdicts come from `bench/precision/triage.tsv` (one row per "
        "rule, function and object, judged by reading the code); the method and "
        "the false-positive classes are in `bench/precision/README.md`.\n\n"
        "Precision is real / (real + fp); unclear findings are not counted either "
        "way, untriaged ones are listed so they cannot pass as real. `medium+` is "
        "what `cta lint` reports by default, `low+` what `--min-confidence low` "
        "reports.\n\n"
        "| project | view | findings | real | fp | unclear | untriaged | precision |\n"
        "|---|---|---|---|---|---|---|---|\n" + "\n".join(table) + "\n\n"
        "## Findings\n\n" + "\n".join(sections)
    )
    with open(a.out, "w") as f:
        f.write(doc)
    print("\n".join(table))


if __name__ == "__main__":
    main()
