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

# same_as_reference NAME OUT REF: OUT (a PNG) must equal the reviewed
# reference REF (PNGDIFF's tolerance); on a difference REF, OUT and a diff
# image go to $FAILURES as NAME-ref.png, NAME-out.png, NAME-diff.png. With
# UPDATE_GOLDEN=1, OUT becomes the reference (then look at it).
same_as_reference() {
    local name=$1 out=$2 ref=$3
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$out" "$ref"
        echo "updated $ref"
        return
    fi
    [ -f "$ref" ] || { fail "$name: no reference $ref"; return; }
    local dir=${FAILURES:-$work/failures}
    mkdir -p "$dir"
    if ! "$PNGDIFF" "$ref" "$out" "$dir/$name-diff.png"; then
        cp "$ref" "$dir/$name-ref.png"
        cp "$out" "$dir/$name-out.png"
        fail "$name: differs from $ref (see $dir/$name-diff.png)"
    fi
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures check(s) failed" >&2
        exit 1
    fi
    echo "ok"
}
