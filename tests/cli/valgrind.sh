# The error paths under valgrind's memcheck, in the normal build (the
# sanitizer build runs every test under AddressSanitizer and LeakSanitizer;
# valgrind also sees reads of memory never written, which they do not):
# a project with a problem in each kind of file, checked; one whose
# content and first layout do not parse; a document that fails to render;
# an icon outside the content folder. Any memory error, or a leak of our
# own (tests/valgrind.supp holds only what the libraries keep for the
# life of the process), fails the test.
. "$(dirname "$0")/lib.sh"
: "${VALGRIND:?set VALGRIND to the valgrind program}"

corpus=$SOURCE_DIR/tests/broken
project=$work/project
fresh() { # CASE...: the base project with the cases' files laid over it
    rm -rf "$project"
    cp -r "$corpus/base" "$project"
    ln -s "$SOURCE_DIR/fonts" "$project/fonts"
    local name
    for name in "$@"; do
        (cd "$corpus/$name" && find . -type f ! -name expected ! -name render -print0 |
            xargs -0 -I{} cp --parents {} "$project/")
    done
}

# memcheck NAME EXPECTED-STATUS ARGS...: outreach ARGS in the project.
memcheck() {
    local name=$1 expected=$2 status=0
    shift 2
    (cd "$project" && "$VALGRIND" --quiet --leak-check=full \
        --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --error-exitcode=99 \
        --suppressions="$SOURCE_DIR/tests/valgrind.supp" \
        "$OUTREACH" "$@") >"$work/$name.out" 2>"$work/$name.err" || status=$?
    if [ "$status" = 99 ]; then
        fail "$name: valgrind found problems:"
        grep -v '^[^=]*: \(error\|warning\|note\)' "$work/$name.err" | head -60 >&2
    elif [ "$status" != "$expected" ]; then
        fail "$name: exit status $status, expected $expected: $(tail -3 "$work/$name.err")"
    fi
}

# Problems found while documents are composed: stacked marks, a field the
# layout names that records lack, a residents' language the site lacks, a
# character no font has.
fresh combining-marks unknown-field shelter-language glyph-missing
memcheck compose 1 check
grep -q 'error\[E406\]' "$work/compose.err" || fail "compose: the marks are not reported"

# Problems found while loading: offers that do not parse, a first layout
# that does not parse (the mark of the one before it), an icon that is not
# there, an impossible date.
fresh yaml-syntax icon-missing date-impossible
printf 'pages: [\n  - {frames: [\n' >"$project/layouts/a-broken.yaml"
memcheck load 1 check
grep -q 'layouts/a-broken.yaml:' "$work/load.err" || fail "load: the broken layout is not reported"
grep -q 'no icon file' "$work/load.err" || fail "load: the icon is not reported"

# A document that fails while it is composed: nothing is written.
fresh combining-marks
memcheck render 1 render offer-card --id jena-sprachcafe --lang ar -o "$work/card.pdf"
[ ! -e "$work/card.pdf" ] || fail "render: a failed document was written"

# An icon outside the content folder.
fresh
sed -i "0,/^  icon: .*/s||  icon: ../../../../../../../../dev/zero|" \
    "$project/content/categories.yaml"
memcheck outside 1 list layouts

finish
