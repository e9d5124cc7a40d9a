#!/usr/bin/env bash
# Sets up outreach on Debian 12: installs the Debian packages that are
# missing, builds, and then renders the example material or runs the tests.
#
#   ./setup.sh examples   build, then render the example material into out/
#   ./setup.sh test       build, then run the whole test suite
#   ./setup.sh build      build only
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-build}
case "$mode" in
examples | test | build) ;;
*)
    echo "usage: ./setup.sh [examples|test|build]" >&2
    exit 2
    ;;
esac

build_packages=(gcc make cmake pkg-config
    libcairo2-dev libpango1.0-dev libharfbuzz-dev libfontconfig-dev
    libqrencode-dev libyaml-dev libicu-dev librsvg2-dev)
# The tools the tests check output with, as a print shop or reader would.
test_packages=(poppler-utils zbar-tools qpdf clang-format python3)

wanted=("${build_packages[@]}")
[ "$mode" = test ] && wanted+=("${test_packages[@]}")
missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' ||
        missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
        --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOTR_WERROR=ON
cmake --build build -j "$jobs"

case "$mode" in
examples)
    mkdir -p out
    for lang in $(build/outreach list languages | cut -f1); do
        build/outreach render postcard --lang "$lang" -o "out/postcard-$lang.pdf"
        echo "out/postcard-$lang.pdf"
    done
    ;;
test)
    ctest --test-dir build --output-on-failure -j "$jobs"
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer:
    # any memory error or undefined behaviour fails the run.
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOTR_WERROR=ON \
        -DOTR_SANITIZE=ON
    cmake --build build-asan -j "$jobs"
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
    ;;
esac
