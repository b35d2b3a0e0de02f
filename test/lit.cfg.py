# lit configuration for cta. Every test runs the real plugin or the real `cta` binary.
import os
import lit.formats

config.name = "cta"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "unit", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = config.test_source_root_dir
config.test_exec_root = config.test_exec_root_dir

# Tools: FileCheck and friends from LLVM 19, our binaries first on PATH.
config.environment["PATH"] = os.pathsep.join(
    [config.cta_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

mocks = os.path.join(config.test_source_root, "Inputs", "mock")
plugin = config.cta_plugin

# %clang: the compiler the plugin is built for. %clang_cta: the same with the plugin loaded,
# against the tiny mock headers (fast, independent of the library version).
# %clang_cta_real: the plugin against the real libstdc++/Abseil/oneTBB headers.
config.substitutions.append(("%clang_cta_real",
    f"{config.clangxx} -std=c++17 -fno-caret-diagnostics -fplugin={plugin}"))
config.substitutions.append(("%clang_cta",
    f"{config.clangxx} -std=c++17 -fno-caret-diagnostics -nostdinc++ -isystem {mocks} -fplugin={plugin}"))
config.substitutions.append(("%clang_mock",
    f"{config.clangxx} -std=c++17 -nostdinc++ -isystem {mocks}"))
config.substitutions.append(("%clang", config.clangxx))
config.substitutions.append(("%cta_plugin", plugin))
config.substitutions.append(("%cta_rt", config.cta_rt_lib))
config.substitutions.append(("%cta_include", os.path.join(config.cta_src_root, "include")))
config.substitutions.append(("%mocks", mocks))
config.substitutions.append(("%src_root", config.cta_src_root))
config.substitutions.append(("%cta", os.path.join(config.cta_tools_dir, "cta")))
# FileCheck with the house rule: no warning or error that a test does not expect.
config.substitutions.append(("%check_clean",
    "FileCheck --allow-empty -implicit-check-not='{{warning|error}}:'"))
config.substitutions.append(("%check_strict",
    "FileCheck -implicit-check-not='{{warning|error}}:'"))
# %validate_sarif <files>: each file is valid against the SARIF 2.1.0 JSON
# schema shipped in Inputs/sarif (never downloaded at test time).
import sys
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%validate_sarif",
    f"{sys.executable} {os.path.join(config.test_source_root, 'Inputs', 'sarif', 'validate-sarif.py')} --quiet"))
# `cta report` is checked in a real headless Chromium (Debian: chromium,
# installed by scripts/install-deps.sh).
import shutil
for name in ("chromium", "chromium-browser"):
    path = shutil.which(name)
    if path:
        config.available_features.add("chromium")
        config.substitutions.append(("%chromium", path))
        break
# Store rounds (test/confirm/store-*.test) start a real redis-server and
# open real SQLite files (Debian: redis-server, libhiredis-dev,
# libsqlite3-dev).
if shutil.which("redis-server") and os.path.exists("/usr/include/hiredis/hiredis.h"):
    config.available_features.add("redis")
# ... and a real PostgreSQL cluster (Debian: postgresql, libpq-dev; initdb
# lives in /usr/lib/postgresql/<version>/bin). %pg_bin is that directory.
import glob
pg_bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                 key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
pg_initdb = shutil.which("initdb") or (pg_bins[-1] if pg_bins else None)
if pg_initdb and os.path.exists("/usr/include/postgresql/libpq-fe.h"):
    config.available_features.add("postgres")
    config.substitutions.append(("%pg_bin", os.path.dirname(pg_initdb)))
if os.path.exists("/usr/include/sqlite3.h"):
    config.available_features.add("sqlite")
