#!/usr/bin/env bash
# Builds cta and runs its main job on the bundled example service:
# `cta lint` finds the check-then-act races, `cta confirm` proves them.
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
if "$cta" confirm --help >/dev/null 2>&1; then
  echo "== cta confirm: dynamic confirmation under ThreadSanitizer =="
  set +e
  "$cta" confirm -p "$build/examples" --findings "$build/examples/findings.sarif"
  set -e
fi
# Findings are the expected outcome of the demo.
[ "$lint_status" -le 1 ]
