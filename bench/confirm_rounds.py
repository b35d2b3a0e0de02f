#!/usr/bin/env python3
"""Rounds-to-confirm and wall time of `cta confirm`, against a naive baseline.

For every racy function of bench/corpus/ this runs, interleaved, R times:

  steered  cta confirm -p <db> --function <name> <file> --rounds 50
               --format json --seed S --verbose
  naive    the same command with --naive --rounds N: the same harness with
           the same threads and start barrier, compiled with -DCTA_NAIVE (no
           check/act instrumentation) and run with flags 0 (no steering, no
           jitter).

Both stop at the first round that proves the race. From the JSON verdict it
takes the deciding round; from --verbose's progress lines, timestamped here
as they arrive, the time spent planning, building and in each round. A
side's per-round detection rate is detections / rounds run over all its
repetitions (rounds of a repetition that found nothing count too), its
expected rounds-to-detect 1 / rate, and

  ratio = (naive expected rounds x naive s/round)
        / (steered expected rounds x steered s/round)

which compares the time spent running rounds until the first detection;
builds are reported separately (--naive compiles both harnesses). In the
naive mode only oracle (a), a ThreadSanitizer report through the function,
and oracle (c), different objects from a get-or-create, can fire: oracle (b)
(two checks saw "absent", both acted) needs the instrumentation.

Speed is reported as same-session ratios with the machine and the command
line; nothing here asserts a time.

usage: bench/confirm_rounds.py [--build build] [--reps 8] [--naive-rounds 200]
                               [--rounds 50] [--seed 1000] [--only SUBSTR]
                               [--out bench/results/confirm-rounds.md]
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")

# (file, function, shape, window, synchronisation)
# "unsync": no lock, ThreadSanitizer sees the race.
# "split-lock" / "atomic": every access is synchronised, TSan is silent.
FUNCTIONS = [
    ("inventory.cpp", "inventory::StockCache::track", "map", "narrow", "unsync"),
    ("inventory.cpp", "inventory::StockCache::pin", "map", "narrow", "split-lock"),
    ("inventory.cpp", "inventory::StockCache::bin", "map get-or-create",
     "narrow", "split-lock"),
    ("inventory.cpp", "inventory::StockCache::quote", "map get-or-create",
     "wide", "split-lock"),
    ("exporter.cpp", "metrics::Exporter::global", "lazy singleton", "narrow",
     "unsync"),
    ("exporter.cpp", "metrics::Exporter::shared", "lazy singleton", "wide",
     "split-lock"),
    ("scheduler.cpp", "jobs::Scheduler::enlist", "sequence registry",
     "narrow", "unsync"),
    ("scheduler.cpp", "jobs::Scheduler::enlistChecked", "sequence registry",
     "wide", "split-lock"),
    ("scheduler.cpp", "jobs::Scheduler::boot", "bool flag", "wide", "unsync"),
    ("scheduler.cpp", "jobs::Scheduler::arm", "atomic flag", "narrow",
     "atomic"),
]

ROUND_RE = re.compile(r"^cta confirm: round (\d+) seed (\d+): (.+) \((\d+) ms\)$")
# A seed block per repetition: round i of a repetition uses seed S + i.
SEED_STRIDE = 100000


def write_database(dest):
    """compile_commands.json from the template, pointing at bench/corpus."""
    with open(os.path.join(CORPUS, "compile_commands.json.in")) as f:
        text = f.read()
    # The template is JSON; put the path in as a JSON string body.
    text = text.replace("@DIR@", json.dumps(CORPUS)[1:-1])
    json.loads(text)  # fail early on a broken template
    with open(os.path.join(dest, "compile_commands.json"), "w") as f:
        f.write(text)


def run_cta(argv, timeout):
    """Runs cta confirm; returns (exit code, verdict dict or None, phases).

    phases: plan, build and run seconds, the per-round statuses and
    milliseconds, and the whole wall time."""
    t0 = time.perf_counter()
    stamps = []  # (seconds since t0, line)
    out_file = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, stdout=out_file, stderr=subprocess.PIPE,
                            cwd=CORPUS)

    def read_stderr():
        for raw in proc.stderr:
            stamps.append((time.perf_counter() - t0,
                           raw.decode(errors="replace").rstrip("\n")))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    timed_out = False
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        # SIGTERM first: cta's interrupt handler kills its rounds' process
        # groups; SIGKILL (of cta alone) if that does not end it.
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    reader.join(5)
    wall = time.perf_counter() - t0
    out_file.seek(0)
    out = out_file.read().decode(errors="replace")
    out_file.close()

    verdict = None
    try:
        parsed = json.loads(out)
        if isinstance(parsed, list) and parsed:
            verdict = parsed[0]
    except ValueError:
        pass

    t_plan = t_build = t_first_round_end = None
    rounds = []
    for t, line in stamps:
        if line.startswith("cta confirm: planning "):
            t_plan = t
        elif line.startswith("cta confirm: building "):
            t_build = t
        else:
            m = ROUND_RE.match(line)
            if m:
                rounds.append((m.group(3), int(m.group(4))))
                if t_first_round_end is None:
                    t_first_round_end = t
    # Per round: its milliseconds; its statuses run-length encoded
    # ([["clean", 199], ["race", 1]]), which keeps the raw records small.
    statuses = []
    for st, _ in rounds:
        if statuses and statuses[-1][0] == st:
            statuses[-1][1] += 1
        else:
            statuses.append([st, 1])
    phases = {"wall": wall, "round_ms": [ms for _, ms in rounds],
              "round_status": statuses, "timed_out": timed_out}
    if timed_out or not rounds:
        phases["stderr_tail"] = [l for _, l in stamps[-5:]]
    if t_plan is not None and t_build is not None:
        phases["plan"] = t_build - t_plan
    if t_build is not None and t_first_round_end is not None and rounds:
        phases["build"] = t_first_round_end - t_build - rounds[0][1] / 1000.0
    phases["run"] = sum(ms for _, ms in rounds) / 1000.0
    for k in ("wall", "plan", "build", "run"):
        if k in phases:
            phases[k] = round(phases[k], 3)
    return proc.returncode, verdict, phases


def one_side(cta, db, func, naive, seed, rounds, timeout):
    fname, qual = func[0], func[1]
    argv = [cta, "confirm", "-p", db, "--function", qual, fname,
            "--rounds", str(rounds), "--format", "json", "--seed", str(seed),
            "--timeout", "10", "--verbose"]
    if naive:
        argv.append("--naive")
    code, verdict, phases = run_cta(argv, timeout)
    rec = {"function": qual, "naive": naive, "seed": seed, "exit": code,
           "limit": rounds, **phases}
    if verdict is not None:
        rec["verdict"] = verdict.get("verdict")
        rec["confirmed"] = bool(verdict.get("confirmed"))
        rec["round"] = verdict.get("round")
        rec["rounds_run"] = verdict.get("rounds")
        rec["oracles"] = verdict.get("oracles", [])
    else:
        rec["verdict"] = "NO OUTPUT (exit %s%s)" % (
            code, ", killed at the bench's time limit" if phases["timed_out"]
            else "")
        rec["confirmed"] = False
        rec["round"] = None
        rec["rounds_run"] = len(phases["round_ms"])
        rec["oracles"] = []
    return rec


def oracle_kind(text):
    if text.startswith("ThreadSanitizer"):
        return "a"
    if "saw 'absent'" in text:
        return "b"
    if "different objects" in text:
        return "c"
    return "?"


def summarise(recs):
    """Per-side numbers over the repetitions of one function."""
    det = [r for r in recs if r["confirmed"]]
    rounds_run = sum(r["rounds_run"] or 0 for r in recs)
    round_ms = [ms for r in recs for ms in r["round_ms"]]
    s = {
        "reps": len(recs),
        "detections": len(det),
        "rounds_run": rounds_run,
        "rate": len(det) / rounds_run if rounds_run else 0.0,
        "first": sorted(r["round"] for r in det),
        "ms_per_round": (sum(round_ms) / len(round_ms)) if round_ms else None,
        "wall": statistics.median(r["wall"] for r in recs),
        "plan": med([r.get("plan") for r in recs]),
        "build": med([r.get("build") for r in recs]),
        "run": med([r.get("run") for r in recs]),
        # Rounds that crashed or exited without the runtime's report.
        "crashes": sum(n for r in recs for st, n in r["round_status"]
                       if st in ("crash", "no report")),
        "hangs": sum(n for r in recs for st, n in r["round_status"]
                     if st == "hang"),
        "verdicts": sorted(set(r["verdict"] for r in recs)),
        "oracles": sorted(set(oracle_kind(o) for r in det
                              for o in r["oracles"])),
    }
    s["expected"] = (1.0 / s["rate"]) if s["rate"] else None
    s["not_reproduced"] = sum(1 for r in recs if not r["confirmed"] and
                              r["verdict"].startswith("NOT REPRODUCED"))
    s["ended"] = {}
    for r in recs:
        if not r["confirmed"] and not r["verdict"].startswith("NOT REPRODUCED"):
            kind = r["verdict"].split(" ")[0]
            s["ended"][kind] = s["ended"].get(kind, 0) + 1
    return s


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_s(x, digits=2):
    return "—" if x is None else ("%.*f" % (digits, x))


def first_rounds(s, limit):
    """'median / max' of the deciding rounds; NOT REPRODUCED counts as
    >limit; repetitions that ended otherwise (CRASH, HANG) are left out and
    counted after it."""
    vals = list(s["first"]) + [limit + 1] * s["not_reproduced"]
    vals.sort()
    m = statistics.median(vals) if vals else None
    others = ", ".join("%d× %s" % (n, kind)
                       for kind, n in sorted(s["ended"].items()))

    def show(v):
        if v is None:
            return "—"
        if v > limit:
            return ">%d" % limit
        return ("%g" % v)
    text = "%s / %s" % (show(m), show(max(vals) if vals else None))
    return text + (" (+ %s)" % others if others else "")


def ratio_cell(st, nv):
    if not st["expected"] or not st["ms_per_round"]:
        return "—"
    steered = st["expected"] * st["ms_per_round"]
    if nv["expected"]:
        return "%.1f" % (nv["expected"] * nv["ms_per_round"] / steered)
    if not nv["ms_per_round"] or not nv["rounds_run"]:
        return "—"
    # No naive detection in n rounds: at 95 % confidence the rate is below
    # 3/n (rule of three), so the expected rounds are above n/3.
    return "> %.0f" % (nv["rounds_run"] / 3.0 * nv["ms_per_round"] / steered)


def render(args, rows, recs, started, finished, load_before, load_after,
           command):
    L = []
    L.append("# cta confirm: rounds to confirm against a naive baseline\n")
    L.append("Command (from the repository root): `%s`  " % command)
    L.append("Date: %s to %s (UTC)  " % (started, finished))
    L.append("Machine: %s, nproc %d, load average %s before and %s after "
             "(other work was running on the machine)  " %
             (platform.machine(), os.cpu_count(), load_before, load_after))
    L.append("cta: %s, commit %s  " % (args.version, args.head))
    L.append("Repetitions: %d per function and side, interleaved (steered "
             "then naive on even repetitions, naive then steered on odd "
             "ones); steered `--rounds %d`, naive `--rounds %d`; 4 threads; "
             "repetition i uses seeds %d + %d·i and up.\n" %
             (args.reps, args.rounds, args.naive_rounds, args.seed,
              SEED_STRIDE))
    L.append("| function | shape | window | sync | steered: rounds to "
             "confirm, median / max | steered verdict | naive: detections / "
             "rounds (rate per round) | naive: rounds to detect, median / max "
             "| naive oracles | ms/round steered | ms/round naive | ratio |")
    L.append("|---|---|---|---|---:|---|---:|---:|---|---:|---:|---:|")
    for func, st, nv in rows:
        L.append("| `%s` | %s | %s | %s | %s | %s | %d / %d (%s) | %s | %s | "
                 "%s | %s | %s |" % (
                     func[1], func[2], func[3], func[4],
                     first_rounds(st, args.rounds),
                     "; ".join(st["verdicts"]),
                     nv["detections"], nv["rounds_run"],
                     "%.3f" % nv["rate"],
                     first_rounds(nv, args.naive_rounds),
                     ", ".join(nv["oracles"]) or "none",
                     fmt_s(st["ms_per_round"], 0), fmt_s(nv["ms_per_round"], 0),
                     ratio_cell(st, nv)))
    L.append("")
    L.append("ratio = (naive expected rounds × naive time per round) / "
             "(steered expected rounds × steered time per round), expected "
             "rounds = rounds run / detections over all repetitions. "
             "\"> x\": the naive baseline never detected the race; its rate "
             "is below 3/n at 95 % confidence (n rounds run), so x is a lower "
             "bound. Oracles: (a) a ThreadSanitizer report through the "
             "function, (b) two checks saw \"absent\" and both acted, (c) "
             "equal arguments got different objects. Oracle (b) needs the "
             "check/act instrumentation and cannot fire in the naive mode; a "
             "function returning nothing whose accesses are all synchronised "
             "(split lock, atomic flag) is therefore invisible to the naive "
             "baseline by construction, whatever the interleaving.\n")
    L.append("Time per invocation, medians in seconds (plan: re-analysing "
             "the TU and generating the harness; build: compiling it with "
             "TSan, `--naive` compiles both the steered and the naive "
             "harness; run: the rounds; wall: the whole `cta confirm` "
             "process):\n")
    L.append("| function | steered plan | steered build | steered run | "
             "steered wall | naive plan | naive build | naive run | naive wall "
             "| crashed rounds, steered / naive |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for func, st, nv in rows:
        L.append("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %d / %d |"
                 % (func[1], fmt_s(st["plan"]), fmt_s(st["build"]),
                    fmt_s(st["run"]), fmt_s(st["wall"]), fmt_s(nv["plan"]),
                    fmt_s(nv["build"]), fmt_s(nv["run"]), fmt_s(nv["wall"]),
                    st["crashes"], nv["crashes"]))
    L.append("")
    L.append("Crashed rounds: rounds that died or exited without the "
             "runtime's report and without a ThreadSanitizer data race "
             "through the function before that (e.g. ThreadSanitizer "
             "aborting a process whose corrupted vector asked for an "
             "impossible allocation). The runner goes on after one; after 3 "
             "the repetition ends `CRASH`. A round that died after "
             "ThreadSanitizer printed a data race through the function counts "
             "as a detection, not here.\n")
    problems = [r for r in recs
                if (not r["naive"] and not r["confirmed"])
                or r["verdict"].split(" ")[0] in ("CRASH", "HANG")
                or r["timed_out"] or r["exit"] not in (0, 1)]
    if problems:
        L.append("Runs that did not end with a detection or NOT REPRODUCED "
                 "(every corpus function is racy, so every steered run "
                 "should confirm it):\n")
        for r in problems:
            L.append("- `%s` %s seed %d: %s, exit %s" % (
                r["function"], "naive" if r["naive"] else "steered",
                r["seed"], r["verdict"], r["exit"]))
        L.append("")
    else:
        L.append("Every steered run confirmed its function; no run ended "
                 "CRASH or HANG or was killed.\n")
    L.append("Raw per-run records: `%s`.\n" % os.path.relpath(
        json_path(args.out), ROOT))
    return "\n".join(L)


def snapshot_cta(cta, dest):
    """Copies <build>/bin/cta and <build>/lib/libcta_rt.a to dest/bin and
    dest/lib, the layout cta looks for its runtime in; returns the copy."""
    build = os.path.dirname(os.path.dirname(cta))
    for sub, name in (("bin", "cta"), ("lib", "libcta_rt.a")):
        os.makedirs(os.path.join(dest, sub), exist_ok=True)
        shutil.copy2(os.path.join(build, sub, name),
                     os.path.join(dest, sub, name))
    return os.path.join(dest, "bin", "cta")


def json_path(md):
    return os.path.splitext(md)[0] + ".json"


def git_head():
    try:
        h = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return h + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "unknown"


def cta_version(cta):
    try:
        return subprocess.run([cta, "--version"], capture_output=True,
                              text=True).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def loadavg():
    try:
        return " ".join("%.2f" % x for x in os.getloadavg())
    except OSError:
        return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default="build",
                   help="cta's build directory (holds bin/cta)")
    p.add_argument("--reps", type=int, default=8,
                   help="repetitions per function and side")
    p.add_argument("--rounds", type=int, default=50,
                   help="steered --rounds")
    p.add_argument("--naive-rounds", type=int, default=200,
                   help="naive --rounds")
    p.add_argument("--seed", type=int, default=1000,
                   help="seed of the first repetition")
    p.add_argument("--only", action="append", default=[],
                   help="only functions whose name contains this")
    p.add_argument("--timeout", type=int, default=300,
                   help="limit of one cta invocation, seconds")
    p.add_argument("--out", default=os.path.join(HERE, "results",
                                                 "confirm-rounds.md"))
    args = p.parse_args()
    args.cta = os.path.realpath(os.path.join(ROOT, args.build, "bin", "cta"))
    args.out = os.path.abspath(args.out)
    if not os.access(args.cta, os.X_OK):
        sys.exit("no cta at %s (pass --build)" % args.cta)
    funcs = [f for f in FUNCTIONS
             if not args.only or any(o in f[1] for o in args.only)]
    if not funcs:
        sys.exit("no corpus function matches --only")

    command = " ".join(["bench/confirm_rounds.py"] + sys.argv[1:])
    args.version = "%s, binary of %s UTC" % (
        cta_version(args.cta),
        datetime.datetime.fromtimestamp(
            os.path.getmtime(args.cta), datetime.timezone.utc).strftime(
                "%Y-%m-%d %H:%M"))
    args.head = git_head()
    started = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M")
    load_before = loadavg()
    t_start = time.perf_counter()
    recs = []
    with tempfile.TemporaryDirectory(prefix="cta-bench-") as db:
        write_database(db)
        # Measure one binary throughout: a rebuild of the tree while the
        # bench runs must not swap it (or leave it half-written).
        args.cta = snapshot_cta(args.cta, db)
        for rep in range(args.reps):
            seed = args.seed + rep * SEED_STRIDE
            for func in funcs:
                sides = [False, True] if rep % 2 == 0 else [True, False]
                for naive in sides:
                    r = one_side(args.cta, db, func, naive, seed,
                                 args.naive_rounds if naive else args.rounds,
                                 args.timeout)
                    recs.append(r)
                    print("rep %d %-32s %-7s %-28s round %-4s %.2fs" % (
                        rep + 1, func[1], "naive" if naive else "steered",
                        r["verdict"], r["round"], r["wall"]), flush=True)
    elapsed = time.perf_counter() - t_start
    finished = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M")

    rows = []
    for func in funcs:
        st = summarise([r for r in recs if r["function"] == func[1]
                        and not r["naive"]])
        nv = summarise([r for r in recs if r["function"] == func[1]
                        and r["naive"]])
        rows.append((func, st, nv))
    md = render(args, rows, recs, started, finished, load_before, loadavg(),
                command)
    md += "Total bench time: %.0f s.\n" % elapsed
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(md)
    with open(json_path(args.out), "w") as f:
        json.dump({"command": command, "started": started,
                   "finished": finished, "nproc": os.cpu_count(),
                   "runs": recs}, f, separators=(",", ":"))
        f.write("\n")
    print(md)


if __name__ == "__main__":
    main()
