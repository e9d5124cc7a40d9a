# The corpus of broken inputs: each case in tests/broken/ (except base/)
# changes a file or two of the small valid project in tests/broken/base/.
# For each, `outreach check` must print exactly the diagnostics in the case's
# `expected` file and exit with status 1 (not crash, not hang), and `render`
# must fail too and leave nothing in the output folder: by default the
# card about the whole site; a case whose problem is in one record, or in a
# file of records the card does not read, names a document about such a
# record in its `render` file (an error in a record fails only the
# documents that use it; a render reads only the records its layout
# shows).
# UPDATE_GOLDEN=1 rewrites the expected files; review the diff.
. "$(dirname "$0")/lib.sh"

corpus=$SOURCE_DIR/tests/broken

make_case() { # DIR: the base project with the case's files laid over it
    rm -rf "$work/project"
    cp -r "$corpus/base" "$work/project"
    ln -s "$SOURCE_DIR/fonts" "$work/project/fonts"
    if [ -n "${1:-}" ]; then
        (cd "$1" && find . -type f ! -name expected ! -name render -print0 |
            xargs -0 -I{} cp --parents {} "$work/project/")
    fi
}

# run_case NAME: compares against $corpus/NAME/expected.
run_case() {
    local name=$1 expected=$corpus/$1/expected status=0
    (cd "$work/project" && timeout 60 "$OUTREACH" check) \
        >/dev/null 2>"$work/stderr" || status=$?
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$work/stderr" "$expected"
        echo "updated $expected"
    elif ! diff -u "$expected" "$work/stderr"; then
        fail "$name: diagnostics differ"
    fi
    [ "$status" = 1 ] || fail "$name: check exited with $status, expected 1"

    mkdir -p "$work/out"
    status=0
    local render="card --lang ar"
    [ -f "$corpus/$1/render" ] && render=$(cat "$corpus/$1/render")
    # shellcheck disable=SC2086 # the file holds the arguments
    (cd "$work/project" && timeout 60 "$OUTREACH" render $render \
        -o "$work/out/card.pdf") >/dev/null 2>&1 || status=$?
    [ "$status" = 1 ] || fail "$name: render exited with $status, expected 1"
    if [ -n "$(ls -A "$work/out")" ]; then
        fail "$name: render left files behind: $(ls -A "$work/out")"
    fi
    rm -rf "$work/out"
}

# The base itself must be clean, or every case proves nothing.
make_case ""
(cd "$work/project" && "$OUTREACH" check >/dev/null) || fail "the base project does not pass check"

cases=0
for dir in "$corpus"/*/; do
    name=$(basename "$dir")
    case "$name" in base | too-large) continue ;; esac
    make_case "$dir"
    run_case "$name"
    cases=$((cases + 1))
done

# A file over the size limit is made here rather than kept in the
# repository; its case folder holds only the expected message.
make_case ""
{
    cat "$corpus/base/content/offers.yaml"
    head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' '#' | fold -w 99
} >"$work/project/content/offers.yaml"
run_case too-large
cases=$((cases + 1))

echo "$cases broken inputs"
finish
