#!/usr/bin/env bash
# Installs every system package cta needs to build, test and run on Debian bookworm.
# Idempotent: when everything is present it only checks and returns within a second.
# Must run as root (or through sudo).
set -euo pipefail

PACKAGES=(
  # Toolchain and analysis libraries: Debian's LLVM/Clang 19.
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools libclang-rt-19-dev
  # The format check (scripts/check-format.sh).
  clang-format-19
  # Build system and libraries.
  cmake ninja-build make libfmt-dev libgtest-dev libgmock-dev
  # Real third-party headers for real-world tests.
  libtbb-dev libabsl-dev
  # Store clients for the cross-process rules (cta-redis-check-then-act,
  # cta-sql-check-then-act): their headers in test/plugin/store, and the
  # servers the dynamic half starts.
  libhiredis-dev libpq-dev libpqxx-dev libsqlite3-dev redis-server postgresql-15
  # lit is a Python program; psutil gives it per-test timeouts; jsonschema
  # validates the SARIF the tests write against the shipped 2.1.0 schema.
  python3 python3-psutil python3-jsonschema
  # `cta report` is tested in a real headless browser.
  chromium
  # The pre-commit hook (.pre-commit-hooks.yaml) is tested through pre-commit.
  pre-commit
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: missing packages (${missing[*]}) and not root; rerun as root" >&2
    exit 2
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
