#!/usr/bin/env bash
# Checks that the sources are clang-format clean (LLVM style, .clang-format).
# Files listed in .clang-format-ignore predate the check; everything else,
# and every new file, must be clean.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cf=""
for c in clang-format-19 /usr/lib/llvm-19/bin/clang-format; do
  if command -v "$c" >/dev/null 2>&1; then cf="$c"; break; fi
done
if [ -z "$cf" ]; then
  echo "check-format: clang-format-19 not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files 'clang-plugin/*.cpp' 'clang-plugin/*.h' \
  'tools/*.cpp' 'tools/*.h' 'runtime/*.cpp' 'runtime/*.h' 'include/*.h')
# clang-format skips the files .clang-format-ignore names.
if ! "$cf" --dry-run --Werror "${files[@]}"; then
  echo "check-format: run '$cf -i <file>' on the files above" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files checked"
