#!/bin/bash
# import integreat: Integreat's own expected API outputs (tests/integreat/
# upstream, Apache-2.0, from digitalfabrik/integreat-cms) imported from
# saved files into a copy of the content; the result passes `check`, and an
# offer flyer's QR code opens the place's page in the app.
source "$(dirname "$0")/lib.sh"

fixtures="$SOURCE_DIR/tests/integreat"

# A copy of the content whose site has the languages of the test.
make_content() { # DIR LANG...
    local dir=$1
    shift
    cp -r "$SOURCE_DIR/content" "$dir"
    python3 - "$dir/site.yaml" "$@" <<'PY'
import re, sys
path, langs = sys.argv[1], sys.argv[2:]
text = open(path, encoding="utf-8").read()
names = {"de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی"}
block = "languages:\n" + "".join(
    f"  - code: {l}\n    name: {names[l]}\n" for l in langs)
text = re.sub(r"languages:\n(  - .*\n(    .*\n)*)+", block, text)
open(path, "w", encoding="utf-8").write(text)
PY
}

qr_of() { # PDF -> the first QR code's text
    pdftoppm -png -r 150 -f 1 -l 1 "$1" "$1-page"
    zbarimg -q --raw "$1-page"-1.png 2>/dev/null | head -1
}

# ---- Upstream fixtures, from files -----------------------------------------
cp -r "$SOURCE_DIR/content" "$work/content"
cp "$SOURCE_DIR/tests/integreat/augsburg-import.yaml" "$work/import.yaml"
# The fixtures are Augsburg's, outside the example site's bounding box
# (Thuringia): the wrong region for this content, refused as a whole.
outreach import integreat --from "$fixtures/upstream" -o "$work/content" \
    --config "$work/import.yaml" >/dev/null 2>"$work/err.txt" &&
    fail "a region outside the site's bounding box was imported"
grep -q 'regions_augsburg.json: error\[E635\]: region "augsburg" .* lies wholly outside the site.s bounding_box' "$work/err.txt" ||
    fail "the region outside the site: $(cat "$work/err.txt")"
diff -r "$SOURCE_DIR/content" "$work/content" >/dev/null ||
    fail "the refused region changed the content"
sed -i '/^bounding_box:/d' "$work/content/site.yaml"
hand_written=$(cd "$work/content" && find . -type f | sort | xargs sha256sum)
if ! outreach import integreat --from "$fixtures/upstream" \
    -o "$work/content" --config "$work/import.yaml" \
    >"$work/report.txt" 2>"$work/err.txt"; then
    fail "import of the upstream fixtures failed: $(cat "$work/err.txt")"
fi
offers="$work/content/offers/integreat-augsburg.yaml"
[ -f "$offers" ] || fail "no offers/integreat-augsburg.yaml written"
grep -q "added   offer augsburg-place-4" "$work/report.txt" ||
    fail "the report does not list the added place: $(cat "$work/report.txt")"
# The fallback (the ar response serves the German text with id null) gives
# the ar page, never an ar text.
grep -q '^    ar: "Beschreibung' "$offers" && fail "a fallback was imported as ar"
grep -q '^    ar: "https://integreat.app/augsburg/ar/locations/%D9%85%D9%88%D9%82%D8%B9-%D8%A7%D9%84%D8%A7%D8%AE%D8%AA%D8%A8%D8%A7%D8%B1/"' "$offers" ||
    fail "the ar page is not the translation's own: $(grep -A8 urls: "$offers")"
grep -q 'mon: \["10:00-13:00", "15:00-18:00"\]' "$offers" ||
    fail "Monday's opening hours are not the API's first day"
grep -q 'wed:' "$offers" && fail "Wednesday is closed in the API"
# Hand-written files are never touched.
now=$(cd "$work/content" && find . -type f ! -name 'integreat-*' | sort |
    xargs sha256sum)
[ "$hand_written" = "$now" ] || fail "a hand-written file changed"

# The saved responses hold the place in German only (its en translation
# exists but its response is not among the fixtures; the ar response is a
# fallback): the report says so once, per language.
grep -qx '  ar: 1 record(s): augsburg-place-4' "$work/report.txt" ||
    fail "the missing Arabic text is not reported: $(cat "$work/report.txt")"
# check passes in German; in Arabic the place's documents are refused,
# pointing at the portal, until another language is allowed.
outreach check --content "$work/content" --lang de >"$work/check.txt" 2>&1 ||
    fail "check in de: $(grep 'error\[' "$work/check.txt" | head -5)"
outreach check --content "$work/content" --lang ar >"$work/check.txt" 2>&1 &&
    fail "check in ar passed without the Arabic text"
grep -q 'integreat-augsburg.yaml:[0-9]*:[0-9]*: error\[E225\]: offer "augsburg-place-4" has no description in language ar: Integreat has no ar text for it' "$work/check.txt" ||
    fail "check in ar: $(grep 'error\[' "$work/check.txt" | head -3)"
outreach check --content "$work/content" --lang ar --fallback de \
    >"$work/check.txt" 2>&1 ||
    fail "check in ar with the German fallback: $(grep 'error\[' "$work/check.txt" | head -5)"
# The imported place's flyer is the one (every example offer has its
# Arabic text).
grep -q 'offer-flyer .* 1 subst' "$work/check.txt" &&
    grep -q 'warning\[E226\]: offer "augsburg-place-4" has no description in language ar; printing the de text' "$work/check.txt" ||
    fail "the German text in the Arabic flyer is not counted: $(cat "$work/check.txt")"
outreach render offer-flyer --content "$work/content" --lang de \
    --id augsburg-place-4 -o "$work/flyer-de.pdf" 2>"$work/err.txt" ||
    fail "the imported place's flyer was not made: $(cat "$work/err.txt")"
url=$(qr_of "$work/flyer-de.pdf")
case "$url" in
https://integreat.app/augsburg/de/locations/test-ort/\?utm_source=offer-flyer*) ;;
*) fail "the flyer's QR code opens \"$url\", not the place's page in de" ;;
esac

# Importing again changes nothing.
outreach import integreat --from "$fixtures/upstream" -o "$work/content" \
    --config "$work/import.yaml" >"$work/report2.txt" 2>/dev/null ||
    fail "the second import failed"
grep -q "offers/integreat-augsburg.yaml: 0 added, 0 changed, 0 removed, 1 unchanged" \
    "$work/report2.txt" || fail "a repeated import changed something: $(cat "$work/report2.txt")"

finish
