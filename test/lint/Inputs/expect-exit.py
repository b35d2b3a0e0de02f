#!/usr/bin/env python3
"""expect-exit.py <status> <command...>

Runs the command with its standard streams passed through and fails unless
it exits with exactly <status>. lit's `not` accepts any non-zero status and
its internal shell has no `$?`; cta's exit statuses (0 clean, 1 findings,
2 errors) are a contract, and a crash (a signal) must never pass for one.
"""
import subprocess
import sys

want = int(sys.argv[1])
cmd = sys.argv[2:]
got = subprocess.run(cmd).returncode
if got != want:
    how = f"signal {-got}" if got < 0 else f"status {got}"
    sys.stderr.write(f"expect-exit: expected exit status {want}, got {how}: "
                     f"{' '.join(cmd)}\n")
    sys.exit(1)
