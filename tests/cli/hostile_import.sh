# Hostile data reaching the importers ends with a clear error or with
# escaped output, never a hang or a crash: Integreat responses with 400,000
# nested HTML elements, 2,000,000 "&" without ";", 100,000 nested JSON
# arrays, 36,000 places in one response (just under its 32 MiB limit:
# written in parts, as no content file may hold them all), and
# names holding escape sequences; a spreadsheet whose cells hold them.
# Each run is bounded by the test's own time limit (timeout), not timed.
. "$(dirname "$0")/lib.sh"

python3 "$SOURCE_DIR/tests/tools/hostile-responses" \
    "$SOURCE_DIR/tests/integreat/upstream" "$work/responses"
cp "$SOURCE_DIR/tests/integreat/augsburg-import.yaml" "$work/import.yaml"

# raw FILE...: 0 when a file holds a byte that starts a terminal control
# (ESC, BEL, a carriage return, the C1 controls' UTF-8 lead with 0x80-0x9F).
raw() {
    LC_ALL=C grep -qP '[\x07\x0d\x1b]|\xc2[\x80-\x9f]' "$@"
}

snapshot() { (cd "$work/content" && find . -type f | sort | xargs sha256sum); }

# import_case NAME: imports the responses of NAME into a fresh copy of the
# content; sets $status, leaves the output in $work/NAME.out and .err.
import_case() {
    local name=$1
    rm -rf "$work/content"
    cp -r "$SOURCE_DIR/content" "$work/content"
    sed -i '/^bounding_box:/d' "$work/content/site.yaml" # Augsburg's data
    before=$(snapshot)
    status=0
    timeout 600 "$OUTREACH" --layouts "$SOURCE_DIR/layouts" import integreat \
        --from "$work/responses/$name" -o "$work/content" \
        --config "$work/import.yaml" \
        >"$work/$name.out" 2>"$work/$name.err" || status=$?
    [ "$status" -le 1 ] ||
        fail "$name: exit status $status (a hang or a crash): $(tail -3 "$work/$name.err")"
    if raw "$work/$name.out" "$work/$name.err"; then
        fail "$name: a control character reached the terminal"
    fi
}
list() { "$OUTREACH" --content "$work/content" --layouts "$SOURCE_DIR/layouts" list "$@"; }
offers="$work/content/offers/integreat-augsburg.yaml"

import_case deep-html
[ "$status" = 0 ] || fail "deep-html: not imported: $(grep error "$work/deep-html.err" | head -3)"
grep -q 'Beratung' "$offers" 2>/dev/null || fail "deep-html: the place's text is lost"

import_case ampersands
if [ "$status" = 1 ]; then
    grep -q 'error\[' "$work/ampersands.err" ||
        fail "ampersands: failed without an error: $(tail -3 "$work/ampersands.err")"
fi

import_case deep-json
[ "$status" = 1 ] || fail "deep-json: exit status $status, expected 1"
grep -q 'augsburg_de_locations.json:1:[0-9]*: error\[E612\]: this is not valid JSON: maximum parsing depth' \
    "$work/deep-json.err" || fail "deep-json: $(grep error "$work/deep-json.err" | head -3)"

# Read whole; what it writes is more than a content file may hold (16
# MiB), so it is written in parts the loader reads together.
import_case many
grep -q '36000 offer(s)' "$work/many.out" || fail "many: $(tail -2 "$work/many.out")"
[ "$status" = 0 ] || fail "many: not imported: $(grep error "$work/many.err" | head -3)"
count=$(list offers | grep -c '^augsburg-place-')
[ "$count" = 36000 ] || fail "many: $count places listed, expected 36000"
parts=$(ls "$work/content/offers" | grep -c '^integreat-augsburg\(\.[0-9]*\)\?\.yaml$')
[ "$parts" -ge 2 ] || fail "many: written as $parts file(s)"
for f in "$work"/content/offers/integreat-augsburg*.yaml; do
    [ "$(stat -c %s "$f")" -le $((8 << 20)) ] || fail "many: $(basename "$f") is larger than 8 MiB"
done

import_case controls
[ "$status" = 0 ] || fail "controls: not imported: $(grep error "$work/controls.err" | head -3)"
grep -q 'place 4 (Ort\\x1B\[2J' "$work/controls.out" ||
    fail "controls: the title is not shown escaped: $(grep 'place 4' "$work/controls.out" | head -1)"
list offers >"$work/list.txt"
raw "$work/list.txt" && fail "controls: list offers shows a control character"
grep -q 'Ort\[2J\]0;pwned mit Falle31m' "$work/list.txt" ||
    fail "controls: the imported name: $(grep -i 'ort' "$work/list.txt" | head -2)"

# A spreadsheet: the header's and the cells' escape sequences are shown
# escaped, and a cell that holds one is refused at its row and column.
rm -rf "$work/content"
cp -r "$SOURCE_DIR/content" "$work/content"
printf '%s\r\n' \
    $'Name;Kategorie;Beschreibung;Straße;PLZ;Ort;Landkreis;Breite;Länge;Sprachen;Kommentar\e[2J' \
    $'Beratung\e[2J Mitte;Migrationsberatung;"Beratung\e[31m\r\nim\a Zentrum.";Am Anger 1;"99084";Erfurt;Erfurt;50,97;11,03;de;x' \
    >"$work/controls.csv"
status=0
timeout 120 "$OUTREACH" --layouts "$SOURCE_DIR/layouts" import csv "$work/controls.csv" \
    --kind offers -o "$work/content" >"$work/csv.out" 2>"$work/csv.err" || status=$?
[ "$status" = 1 ] || fail "csv: exit status $status, expected 1"
raw "$work/csv.out" "$work/csv.err" && fail "csv: a control character reached the terminal"
grep -qF 'column K (Kommentar\x1B[2J): not a known name' "$work/csv.out" ||
    fail "csv: the header is not shown escaped: $(cat "$work/csv.out")"
grep -qF 'row 2, column A (Name): an invisible control character (U+001B) at character 9' \
    "$work/csv.err" || fail "csv: the name's cell: $(cat "$work/csv.err")"
grep -qF 'row 2, column C (Beschreibung): an invisible control character (U+001B)' \
    "$work/csv.err" || fail "csv: the description's cell: $(cat "$work/csv.err")"

finish
