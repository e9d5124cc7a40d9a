#!/bin/bash
# The example content (content/) is what `./setup.sh examples`, the
# documentation and the campaign print: every product in every site
# language must pass `check`, with no error and no warning. A text taken
# out of one record in one language fails it.
source "$(dirname "$0")/lib.sh"

# Under the sanitizers the whole check (4,823 documents) would take most of
# the test's time limit; there one language of right-to-left text stands
# for all, and the normal build checks everything.
sanitized=
[ -n "${ASAN_OPTIONS:-}" ] && sanitized="--lang ar"
status=0
# shellcheck disable=SC2086 # one option and its value, or nothing
outreach check --all $sanitized >"$work/table" 2>"$work/messages" || status=$?
[ "$status" = 0 ] || fail "check --all of the example content: exit $status: $(head -5 "$work/messages")"
grep -q 'error\[\|warning\[' "$work/messages" "$work/table" &&
    fail "check --all reports problems: $(grep -h 'error\[\|warning\[' "$work/messages" "$work/table" | head -5)"
summary=$(tail -n 1 "$work/table")
grep -qE '^[0-9]+ document\(s\) checked: ([0-9]+) ok, 0 with warnings, 0 with text in another language, 0 with errors$' <<<"$summary" ||
    fail "check --all summary: $summary"
if [ -z "$sanitized" ]; then
    # Every product in all thirteen languages, each layout's row all ok.
    languages=$(outreach list languages | cut -f1 | tr '\n' ' ')
    [ "$languages" = "de en ar fa fr es ru uk tr kmr ps prs ti " ] ||
        fail "the site's languages: $languages"
    header=$(grep '^layout ' "$work/table" | tr -s ' ')
    [ "$header" = "layout de en ar fa fr es ru uk tr kmr ps prs ti" ] ||
        fail "check did not check every language: $header"
    rows=$(grep -cE '^[a-z0-9-]+( +ok){13} *$' "$work/table" || true)
    products=$(outreach list layouts | wc -l)
    [ "$rows" = "$products" ] ||
        fail "$rows of $products layouts are ok in every language: $(cat "$work/table")"
fi

# One text less: the check fails at that record and language.
project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
offer=saalfeld-opferhilfe-saaletal
python3 - "$project/content/offers.yaml" "$offer" <<'PY'
import sys
path, offer = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().split("\n")
start = lines.index("- id: " + offer)
for i in range(start, len(lines)):
    if lines[i].startswith("    ti: "):
        del lines[i]
        break
else:
    sys.exit("no Tigrinya text in " + offer)
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
status=0
(cd "$project" && "$OUTREACH" check --all --lang ti) >"$work/table" 2>"$work/messages" || status=$?
[ "$status" = 1 ] || fail "check passed without the offer's Tigrinya text: exit $status"
grep -q "error\[E225\]: offer \"$offer\" has no description in language ti" "$work/messages" ||
    fail "the missing Tigrinya text was not reported: $(head -3 "$work/messages")"

finish
