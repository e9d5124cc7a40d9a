# Shared by the end-to-end tests. Expects OUTREACH (the program) and
# SOURCE_DIR (the project) in the environment, as ctest sets them.
set -euo pipefail

: "${OUTREACH:?set OUTREACH to the outreach program}"
: "${SOURCE_DIR:?set SOURCE_DIR to the project folder}"

# KEEP_WORK=1 keeps the files for a look afterwards.
work=$(mktemp -d)
if [ "${KEEP_WORK:-}" = 1 ]; then
    echo "files kept in $work" >&2
else
    trap 'rm -rf "$work"' EXIT
fi

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# Runs outreach from the project folder, so the default content/, layouts/
# and fonts/ are the project's.
outreach() {
    (cd "$SOURCE_DIR" && "$OUTREACH" "$@")
}

# Text without the bidi marks pdftotext puts around right-to-left lines,
# with runs of white space folded into one space.
plain_text() {
    LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g' | tr -s ' \n\t' '   ' |
        sed 's/^ //; s/ $//'
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "ok"
}
