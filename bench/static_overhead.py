#!/usr/bin/env python3
"""Measures what cta's static half adds to a build, as same-session ratios.

1. Plugin: the wall time of compiling a TU with -fplugin=cta-plugin.so divided
   by the same compile without it (target: <= 1.03).
2. Lint: the wall time of `cta lint` on one TU divided by
   `clang++ -fsyntax-only` on the same TU with the same flags (target: <= 1.1).

Runs are interleaved (A, B, A, B, ...) so drift in machine load hits both
sides alike; the ratio of medians is reported. Subjects default to cta's own
Clang-including sources from the build's compile_commands.json: large TUs
that include much of Clang's AST headers.

With --database <build-dir> it measures a whole compilation database
instead (a real project's, e.g. one set up by bench/precision/corpora.sh):
the summed wall time of every TU's -fsyntax-only against one
`cta lint -p <build-dir> -j1` over the same database (without its cache), and
every TU's compile with and without the plugin, each side run in full and
interleaved with the other.

usage: bench/static_overhead.py --build build [--reps 7] [--out FILE] [TU...]
       bench/static_overhead.py --build build --database DIR [--reps 3] [--out FILE]
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time

DEFAULT_SUBJECTS = [
    "clang-plugin/facts/Walker.cpp",
    "clang-plugin/Analyzer.cpp",
    "tools/cta/Lint.cpp",
    "tools/cta/confirm/Plan.cpp",
]


def load_commands(build):
    with open(os.path.join(build, "compile_commands.json")) as f:
        return {os.path.realpath(e["file"]): e for e in json.load(f)}


def compile_argv(entry):
    if "arguments" in entry:
        argv = list(entry["arguments"])
    else:
        argv = shlex.split(entry["command"])
    # Compile to a throwaway object; keep every other flag.
    out, i = [], 0
    while i < len(argv):
        if argv[i] == "-o":
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out + ["-o", "/dev/null"]


def timed(argv, cwd):
    t0 = time.perf_counter()
    r = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if r.returncode not in (0, 1):  # cta lint exits 1 on findings
        sys.exit("command failed (%d): %s\n%s" %
                 (r.returncode, " ".join(argv), r.stderr.decode()[-2000:]))
    return dt


def interleaved(a, b, cwd, reps):
    ta, tb = [], []
    timed(a, cwd), timed(b, cwd)  # warm the page cache
    for _ in range(reps):
        ta.append(timed(a, cwd))
        tb.append(timed(b, cwd))
    return statistics.median(ta), statistics.median(tb)


def syntax_argv(base):
    syntax = [a for a in base if a not in ("-c",)]
    return syntax[:1] + ["-fsyntax-only"] + [a for a in syntax[1:]
                                             if a not in ("-o", "/dev/null")]


def whole_database(args, cta, plugin):
    db = os.path.realpath(args.database)
    with open(os.path.join(db, "compile_commands.json")) as f:
        entries = json.load(f)
    base = [(compile_argv(e), e["directory"]) for e in entries]
    sides = {
        "compile": [(a, d) for a, d in base],
        "plugin": [(a[:1] + ["-fplugin=" + plugin] + a[1:], d) for a, d in base],
        "syntax": [(syntax_argv(a), d) for a, d in base],
    }
    help_text = subprocess.run([cta, "lint", "--help"], capture_output=True,
                               text=True).stdout
    lint = [cta, "lint", "-p", db, "-j", "1"]
    if "--no-cache" in help_text:
        lint.append("--no-cache")
    sides["lint"] = [(lint, db)]
    run = lambda side: sum(timed(a, d) for a, d in sides[side])
    times = {k: [] for k in sides}
    for _ in range(args.reps):
        for pair in (("compile", "plugin"), ("syntax", "lint")):
            for side in pair:
                times[side].append(run(side))
    med = {k: statistics.median(v) for k, v in times.items()}
    lines = [
        "| database | TUs | compile (s) | with plugin (s) | ratio | "
        "-fsyntax-only, summed (s) | cta lint -j1 (s) | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        "| %s | %d | %.1f | %.1f | %.3f | %.1f | %.1f | %.3f |" % (
            db, len(entries), med["compile"], med["plugin"],
            med["plugin"] / med["compile"], med["syntax"], med["lint"],
            med["lint"] / med["syntax"]),
    ]
    print("\n".join(lines))
    if args.out:
        with open(args.out, "a") as f:
            f.write("\n## Whole database\n\n")
            f.write("Command: `%s` (lint: `%s`)  \n" % (
                " ".join(["bench/static_overhead.py"] + sys.argv[1:]),
                " ".join(["cta"] + lint[1:])))
            f.write("Machine: %d cores; medians of %d interleaved full runs "
                    "of each side.\n\n" % (os.cpu_count(), args.reps))
            f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default="build")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--out")
    p.add_argument("--database")
    p.add_argument("subjects", nargs="*")
    args = p.parse_args()
    if args.database:
        build = os.path.realpath(args.build)
        return whole_database(args, os.path.join(build, "bin", "cta"),
                              os.path.join(build, "lib", "cta-plugin.so"))
    root = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
    build = os.path.realpath(args.build)
    plugin = os.path.join(build, "lib", "cta-plugin.so")
    cta = os.path.join(build, "bin", "cta")
    cmds = load_commands(build)
    subjects = args.subjects or DEFAULT_SUBJECTS
    rows = []
    for s in subjects:
        path = os.path.realpath(os.path.join(root, s))
        e = cmds.get(path)
        if not e:
            sys.exit("%s is not in %s/compile_commands.json" % (s, build))
        base = compile_argv(e)
        with_plugin = base[:1] + ["-fplugin=" + plugin] + base[1:]
        base_c, plug_c = interleaved(base, with_plugin, e["directory"], args.reps)
        syntax = syntax_argv(base)
        lint = [cta, "lint", "-p", build, "-j", "1", path]
        syn_t, lint_t = interleaved(syntax, lint, e["directory"], args.reps)
        rows.append((s, base_c, plug_c, plug_c / base_c, syn_t, lint_t,
                     lint_t / syn_t))
        print("%-32s compile %.2fs plugin %.2fs (x%.3f)  syntax %.2fs lint "
              "%.2fs (x%.3f)" % rows[-1], flush=True)
    geo = lambda xs: statistics.geometric_mean(xs)
    summary = ("plugin/compile geometric mean x%.3f; lint/syntax-only "
               "geometric mean x%.3f" % (geo([r[3] for r in rows]),
                                         geo([r[6] for r in rows])))
    print(summary)
    if args.out:
        with open(args.out, "w") as f:
            f.write("# Static overhead\n\n")
            f.write("Command: `%s`  \n" % " ".join(
                ["bench/static_overhead.py"] + sys.argv[1:]))
            f.write("Machine: %d cores; medians of %d interleaved runs each.\n\n"
                    % (os.cpu_count(), args.reps))
            f.write("| TU | compile (s) | with plugin (s) | ratio | "
                    "-fsyntax-only (s) | cta lint (s) | ratio |\n")
            f.write("|---|---:|---:|---:|---:|---:|---:|\n")
            for r in rows:
                f.write("| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f |\n" % r)
            f.write("\n%s\n" % summary)


if __name__ == "__main__":
    main()
