#!/usr/bin/env bash
# Builds cta and runs its main job on the bundled example service:
# `cta lint` finds the check-then-act races, `cta confirm` proves them,
# `cta report` draws both as one HTML page (its path is the last line).
# Usage: scripts/demo.sh [build-dir]    (default: build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"

"$root/scripts/install-deps.sh"
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
cmake -S "$root" -B "$build" "${generator[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)" --target cta cta-plugin cta_rt

# The example's own build gives the compilation database.
cmake -S "$root/examples" -B "$build/examples" \
  -DCMAKE_CXX_COMPILER=/usr/lib/llvm-19/bin/clang++ >/dev/null
cmake --build "$build/examples" >/dev/null

cta="$build/bin/cta"
echo
echo "== cta lint: static analysis of examples/ =="
set +e
"$cta" lint -p "$build/examples" --color --sarif "$build/examples/findings.sarif"
lint_status=$?
set -e
echo
# One seed for both runs below, so that the page shows what was printed.
seed="$(date +%s)"
echo "== cta confirm: threads under ThreadSanitizer, processes against a throw-away redis-server =="
set +e
"$cta" confirm -p "$build/examples" --findings "$build/examples/findings.sarif" \
  --seed "$seed"
"$cta" confirm -p "$build/examples" --findings "$build/examples/findings.sarif" \
  --seed "$seed" --format sarif -o "$build/examples/confirmed.sarif" 2>/dev/null
set -e
echo
echo "== cta report: findings and verdicts as one HTML page =="
"$cta" report --lint "$build/examples/findings.sarif" \
  --confirm "$build/examples/confirmed.sarif" -o "$build/examples/report.html"
echo "report: $build/examples/report.html"
# Findings are the expected outcome of the demo.
[ "$lint_status" -le 1 ]
