#!/usr/bin/env bash
# Sets up the real codebases of the precision measurement: each at its
# recorded commit, configured with its own build system and Debian's
# packages, with the generated headers its TUs include, so that
# <dir>/<name>/build/compile_commands.json lints as the project builds.
#
#   bench/precision/corpora.sh <dir> [name...]
#
# A project already cloned in <dir>/<name> is checked out at its commit, not
# cloned again. CTA_CORPUS_MIRROR=<path> makes the clone come from
# <path>/<owner>+<repo>/repo instead of GitHub. Needs root for apt-get.
set -euo pipefail

DIR=${1:?usage: corpora.sh <dir> [name...]}
shift
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

# name owner/repo commit
PROJECTS="
leveldb google/leveldb 78a352f47ed6c1e9d750545e9b242289185b87e1
rocksdb facebook/rocksdb 1dfa7297933df05237ac11376d6cb69d32591b1d
brpc apache/brpc 71871ee9fb46cdb39565e3f5af1dfa6949f80bca
drogon drogonframework/drogon 74fc004c8dc8244fe3b6c56628601053b5a15c37
trantor an-tao/trantor 63a4e5e164e219dc3bf30cdbfa1462ae5602fa97
"

if [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    cmake ninja-build clang-19 protobuf-compiler libprotobuf-dev libprotoc-dev \
    libgflags-dev libleveldb-dev libssl-dev libjsoncpp-dev uuid-dev \
    zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev libbz2-dev \
    libpq-dev libsqlite3-dev >/dev/null
fi

clone() { # name owner/repo commit
  local name=$1 repo=$2 commit=$3 url
  if [ -n "${CTA_CORPUS_MIRROR:-}" ]; then
    url="$CTA_CORPUS_MIRROR/${repo/\//+}/repo"
  else
    url="https://github.com/$repo.git"
  fi
  [ -d "$DIR/$name/.git" ] || git clone -q "$url" "$DIR/$name"
  git -C "$DIR/$name" checkout -q "$commit"
}

cmake_db() { # name cmake-args...
  local name=$1
  shift
  (cd "$DIR/$name" && CC=clang-19 CXX=clang++-19 cmake -S . -B build -G Ninja \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >build.log 2>&1) ||
    { echo "corpora.sh: configuring $name failed, see $DIR/$name/build.log" >&2; exit 1; }
}

setup_leveldb() {
  # Upstream defaults to C++11 but its headers use C++17 traits.
  cmake_db leveldb -DCMAKE_CXX_STANDARD=17 -DLEVELDB_BUILD_TESTS=OFF \
    -DLEVELDB_BUILD_BENCHMARKS=OFF
}

setup_rocksdb() {
  cmake_db rocksdb -DROCKSDB_BUILD_SHARED=OFF -DWITH_TESTS=OFF -DWITH_TOOLS=OFF \
    -DWITH_BENCHMARK_TOOLS=OFF -DWITH_CORE_TOOLS=OFF -DWITH_GFLAGS=OFF \
    -DFAIL_ON_WARNINGS=OFF -DWITH_ALL_TESTS=OFF
}

setup_brpc() {
  cmake_db brpc -DBUILD_SHARED_LIBS=OFF -DWITH_GLOG=OFF -DBUILD_UNIT_TESTS=OFF \
    -DWITH_UBRING=ON  # compiles the pthread_once caller of the ub init code; Debian packages suffice
  # The .pb.h files its TUs include are build outputs: run protoc the way
  # cmake/CompileProto.cmake does, without building the library.
  local b="$DIR/brpc/build" p
  mkdir -p "$b/output/include"
  for p in $(cd "$DIR/brpc/src" && ls idl_options.proto brpc/*.proto brpc/policy/*.proto brpc/rdma/*.proto); do
    protoc -I/usr/include -I"$DIR/brpc/src" --cpp_out="$b" "$DIR/brpc/src/$p"
    mkdir -p "$b/output/include/$(dirname "$p")"
    cp "$b/${p%.proto}.pb.h" "$b/output/include/${p%.proto}.pb.h"
  done
}

setup_drogon() {
  # trantor is a submodule of drogon: use the pinned clone.
  rm -rf "$DIR/drogon/trantor"
  cp -r "$DIR/trantor" "$DIR/drogon/trantor"
  cmake_db drogon -DBUILD_EXAMPLES=OFF -DBUILD_CTL=OFF -DBUILD_TESTING=OFF \
    -DBUILD_SHARED_LIBS=OFF
}

WANT=" $* "
while read -r name repo commit; do
  [ -n "$name" ] || continue
  if [ "$WANT" != "  " ] && [[ "$WANT" != *" $name "* ]]; then
    # drogon needs trantor's clone.
    [[ "$name" == trantor && "$WANT" == *" drogon "* ]] || continue
  fi
  clone "$name" "$repo" "$commit"
done <<<"$PROJECTS"

for name in leveldb rocksdb brpc drogon; do
  if [ "$WANT" = "  " ] || [[ "$WANT" == *" $name "* ]]; then
    "setup_$name"
    echo "$name: $(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1]))))" "$DIR/$name/build/compile_commands.json") TUs in $DIR/$name/build/compile_commands.json"
  fi
done
