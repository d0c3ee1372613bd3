#!/usr/bin/env bash
# Sets up a Debian 12 machine for kiln and builds it: installs every package the build, the
# tests and the benchmarks need (only those missing, so a second run is quick), then
# configures and builds a Release build in ./build (or $KILN_BUILD_DIR).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${KILN_BUILD_DIR:-$repo/build}"

packages=(
  cmake ninja-build
  llvm-19-dev clang-19 lld-19 liblld-19-dev libclang-rt-19-dev libclang-rt-19-dev-wasm32 wasi-libc
  zlib1g-dev libzstd-dev
  googletest libgtest-dev libbenchmark-dev
  libboost-program-options-dev nlohmann-json3-dev
  binaryen  # wasm-opt -ttf makes the random modules of the differential tests
  python3
)
# `kiln explore`'s browser test needs Chromium, a large download (~120 MB, about a minute to
# install), so only on request: KILN_BROWSER_TESTS=1 (CI asks, see .ci/run). Without it the test skips.
if [ "${KILN_BROWSER_TESTS:-0}" = 1 ]; then
  packages+=(chromium)
fi

# The ASan+UBSan build and its unit and spec tests (test/sanitizers/run.sh) take both cores for a
# long while, so ctest runs them only on request: KILN_SANITIZER_TESTS=1.
sanitizer_tests=OFF
[ "${KILN_SANITIZER_TESTS:-0}" = 1 ] && sanitizer_tests=ON

# Node.js is the reference the WASI tests and benchmarks compare against; any recent one will do.
command -v node >/dev/null || packages+=(nodejs)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S "$repo" -B "$build_dir" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DKILN_SANITIZER_TESTS=$sanitizer_tests \
  ${KILN_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j2
echo "setup: kiln is built in $build_dir (binary: $build_dir/tools/kiln)"
