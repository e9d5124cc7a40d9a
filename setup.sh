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

build_packages=(gcc g++ make cmake pkg-config libphonenumber-dev
    libcairo2-dev libpango1.0-dev libharfbuzz-dev libfontconfig-dev
    libqrencode-dev libyaml-dev libicu-dev librsvg2-dev libqpdf-dev
    libjansson-dev libcurl4-openssl-dev libical-dev libcsv-dev libidn2-dev
    libfreetype-dev libgs-dev libmicrohttpd-dev libgnutls28-dev libzip-dev)
# The tools the tests check output with, as a print shop or reader would.
# Ghostscript is how CUPS rasterises a PDF for an office printer.
test_packages=(poppler-utils zbar-tools qpdf ghostscript clang-format python3
    openssl clang libclang-rt-14-dev chromium unzip valgrind strace)
# Node.js with npm runs the PDF readers and the browser the tests use. A
# machine that already has a node with npm keeps it; Debian's own packages
# would clash with another node install.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    test_packages+=(nodejs npm)
fi

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
    # Installed, so that `outreach` is on the PATH as the documentation
    # calls it (with the layouts and fonts in the installed data folder).
    sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo cmake --install build
    # Every product in every language: postcards and the language poster,
    # a flyer, a poster and a handout for an example offer, event and
    # shelter, each shelter's handout in its residents' languages, then the
    # preflight check of everything. Each render says what it wrote.
    mkdir -p out
    offer=erfurt-migrationsberatung-nord
    event=erfurt-sprachcafe-winterabend-2026-12
    # A product about a record is made in the languages the record has
    # its texts in (nothing prints another language unasked); for the
    # others it says so, and `check` says what is missing.
    render_record() { # LAYOUT ID LANG OUT
        if outreach check --layout "$1" --id "$2" --lang "$3" >/dev/null 2>&1; then
            outreach render "$1" --id "$2" --lang "$3" -o "$4"
        else
            echo "outreach: not written: $4 ($2 has no $3 text yet: outreach check --id $2 --lang $3)"
        fi
    }
    for lang in $(outreach list languages | cut -f1); do
        outreach render postcard --lang "$lang" -o "out/postcard-$lang.pdf"
        outreach render language-poster --lang "$lang" -o "out/language-poster-$lang.pdf"
        render_record offer-flyer "$offer" "$lang" "out/offer-flyer-$lang.pdf"
        render_record event-poster "$event" "$lang" "out/event-poster-$lang.pdf"
    done
    outreach list shelters | while IFS=$'\t' read -r shelter summary; do
        for lang in ${summary##*· }; do
            render_record handout "$shelter" "$lang" "out/handout-$shelter-$lang.pdf"
        done
    done
    # The check of every layout in every language for every record: the
    # example directory has every text in every site language, so the
    # table shows ok everywhere (messages, if any, in
    # out/check-messages.txt).
    outreach check --all >out/check.txt 2>out/check-messages.txt || true
    echo "out/check.txt: $(tail -n 1 out/check.txt)"
    # The example campaign, as the print shop gets it (bleed and crop
    # marks).
    outreach batch content/campaigns/winter-2026.yaml -o out/winter-2026
    ;;
test)
    # The PDF readers the text-layer test extracts with (pdf.js, PDFium,
    # MuPDF.js), at the versions in tests/node/package-lock.json.
    (cd tests/node && npm ci --no-audit --no-fund)
    # The web page's browser test drives Debian's chromium with
    # playwright-core, at the version in tests/browser/package-lock.json
    # (no browser is downloaded).
    (cd tests/browser && npm ci --no-audit --no-fund)
    ctest --test-dir build --output-on-failure --timeout 900 -j "$jobs"
    # The same suite under AddressSanitizer and UndefinedBehaviorSanitizer:
    # any memory error or undefined behaviour fails the run.
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOTR_WERROR=ON \
        -DOTR_SANITIZE=ON
    cmake --build build-asan -j "$jobs"
    ctest --test-dir build-asan --output-on-failure --timeout 900 -j "$jobs"
    # The loaders under libFuzzer for a short while (20 s each), on a
    # corpus seeded from the example content and the broken inputs.
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DOTR_FUZZ=ON -DOTR_SANITIZE=ON -DBUILD_TESTING=OFF
    cmake --build build-fuzz -j "$jobs" --target fuzz_content fuzz_layout \
        fuzz_campaign fuzz_html fuzz_image
    fuzz/run build-fuzz 20
    ;;
esac
