#!/usr/bin/env bash
# Checks formatting, builds cta and runs the whole test suite (lit +
# GoogleTest, through ctest).
# Usage: scripts/check.sh [build-dir]    (default: build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"

"$root/scripts/install-deps.sh"
"$root/scripts/check-format.sh"
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
cmake -S "$root" -B "$build" "${generator[@]}" -DCTA_BUILD_TESTS=ON -DCTA_ENABLE_ASSERTIONS=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j 2
