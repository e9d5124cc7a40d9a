# The example campaign, built as the campaign team builds it: every document
# of the matrix, the manifest true to the files, QR codes decoding to the
# manifest's URLs, byte-identical rebuilds, only changed documents rebuilt,
# shards that add up to the whole, and one failing document that stops
# nothing else.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
campaign=content/campaigns/winter-2026.yaml
export SOURCE_DATE_EPOCH=1790000000
batch() { (cd "$project" && "$OUTREACH" batch "$campaign" "$@"); }
list() { (cd "$project" && "$OUTREACH" list "$@"); }

batch -o "$work/out" -j 2 >"$work/log" 2>&1 || fail "batch failed: $(tail -5 "$work/log")"

# The matrix: postcards and language posters in 7 languages, a handout per
# shelter language, 3 languages of posters for events Dec-Mar, 3 of flyers
# for language courses.
shelter_langs=$(list shelters | awk -F' · ' '{ n += split($NF, a, " ") } END { print n }')
events=$(list events | awk -F'\t' '$2 >= "2026-12-01" && $2 < "2027-04-01"' | wc -l)
courses=$(list offers | grep -c ' · Sprachkurse · ')
expected=$((7 + 7 + shelter_langs + 3 * events + 3 * courses))
files=$(cd "$work/out" && find . -name '*.pdf' ! -name 'contact-sheet*' ! -name 'print-order*' | wc -l)
[ "$files" = "$expected" ] || fail "$files files, expected $expected"
rows=$(($(wc -l <"$work/out/manifest.csv") - 1))
[ "$rows" = "$expected" ] || fail "$rows manifest rows, expected $expected"
grep -q "$expected document(s): $expected built, 0 unchanged, 0 failed" "$work/log" ||
    fail "summary: $(tail -1 "$work/log")"

# Every file in the manifest exists with its size; JSON lists the same.
tail -n +2 "$work/out/manifest.csv" | while IFS=, read -r file layout lang record pages bytes hash urls; do
    [ "$(stat -c %s "$work/out/$file")" = "$bytes" ] || echo "size of $file"
    [ "$(pdfinfo "$work/out/$file" | awk '/^Pages:/ {print $2}')" = "$pages" ] || echo "pages of $file"
done >"$work/mismatch"
[ -s "$work/mismatch" ] && fail "manifest differs from files: $(head -3 "$work/mismatch")"
json_files=$(grep -c '"file": ' "$work/out/manifest.json")
[ "$json_files" = "$expected" ] || fail "manifest.json lists $json_files files"

# A sample of QR codes decode to the manifest's URL.
for file in handout/fa/erfurt-gu-ringelberg.pdf offer-flyer/ar/erfurt-sprachcafe-mosaik.pdf postcard/ru/postcard.pdf; do
    want=$(awk -F, -v f="$file" '$1 == f { print $8 }' "$work/out/manifest.csv")
    pdftoppm -png -r 200 -f 1 -l 2 "$work/out/$file" "$work/qr"
    got=$(for png in "$work"/qr-*.png; do zbarimg -q --raw "$png" 2>/dev/null || true; done)
    rm -f "$work"/qr-*.png
    [ "$got" = "$want" ] || fail "$file: QR code '$got', manifest '$want'"
done

# The contact sheet: a thumbnail per document, twelve to an A4 page.
sheet_pages=$(pdfinfo "$work/out/contact-sheet.pdf" | awk '/^Pages:/ {print $2}')
[ "$sheet_pages" = $(((expected + 11) / 12)) ] || fail "contact sheet has $sheet_pages pages for $expected documents"
pdftotext "$work/out/contact-sheet.pdf" - | grep 'postcard/de/postcard.pdf' >/dev/null ||
    fail "contact sheet does not name the documents"
# It is drawn in parts (two here: eleven pages), which qpdf joins: with two
# workers or one, the same bytes; the pages in the manifest's order.
cp "$work/out/contact-sheet.pdf" "$work/sheet-j2.pdf"
batch -o "$work/out" -j 1 >"$work/log" 2>&1 || fail "batch -j 1: $(tail -3 "$work/log")"
cmp -s "$work/sheet-j2.pdf" "$work/out/contact-sheet.pdf" ||
    fail "the contact sheet differs between -j 2 and -j 1"
qpdf --check "$work/out/contact-sheet.pdf" >/dev/null 2>&1 || fail "contact sheet: qpdf --check"
[ -z "$(find "$work/out" -name '*.tmp')" ] || fail "contact sheet left parts behind"
# Each page names its twelve documents, in the manifest's order. (pdftotext
# wraps names in direction marks on pages with Arabic and drops the hyphen
# where a name wraps: both are taken out before comparing.)
page=0
tail -n +2 "$work/out/manifest.csv" | cut -d, -f1 | while read -r name; do
    if [ $((page % 12)) = 0 ]; then
        pdftotext -f $((page / 12 + 1)) -l $((page / 12 + 1)) "$work/out/contact-sheet.pdf" - |
            LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g' | tr -d -- '\n-' >"$work/sheet-page"
    fi
    grep -qF -- "$(printf '%s' "$name" | tr -d -- '-')" "$work/sheet-page" ||
        echo "$name is not on page $((page / 12 + 1))"
    page=$((page + 1))
done >"$work/sheet-order"
[ -s "$work/sheet-order" ] && fail "contact sheet order: $(head -3 "$work/sheet-order")"

# Nothing changed: nothing rebuilt. Forced: the same bytes again.
batch -o "$work/out" >"$work/log" 2>&1
grep -q "$expected document(s): 0 built, $expected unchanged, 0 failed" "$work/log" ||
    fail "second run: $(tail -1 "$work/log")"
(cd "$work/out" && find . -name '*.pdf' ! -name 'contact-sheet*' ! -name 'print-order*' -exec md5sum {} + | sort) >"$work/sums1"
batch -o "$work/out" --force >"$work/log" 2>&1
(cd "$work/out" && find . -name '*.pdf' ! -name 'contact-sheet*' ! -name 'print-order*' -exec md5sum {} + | sort) >"$work/sums2"
cmp -s "$work/sums1" "$work/sums2" || fail "a forced rebuild changed bytes: $(diff "$work/sums1" "$work/sums2" | head -4)"

# One offer changed: its flyers and the handouts (they list nearby offers)
# are rebuilt, nothing else.
sed -i '0,/Offenes Sprachcafé: Deutsch üben/s//Offenes Sprachcafé: Deutsch sprechen/' "$project/content/offers.yaml"
batch -o "$work/out" >"$work/log" 2>&1
rebuilt=$((3 + shelter_langs))
grep -q "$expected document(s): $rebuilt built, $((expected - rebuilt)) unchanged, 0 failed" "$work/log" ||
    fail "after changing one offer: $(tail -1 "$work/log"), expected $rebuilt built"

# A phrase changed in Arabic: the Arabic documents and every language
# poster (each prints all languages) are rebuilt, nothing else.
sed -i 's/^  greeting: .*/  greeting: "مرحبا! هنا تجدون المساعدة والمعلومات بالعربية."/' "$project/content/strings/ar.yaml"
batch -o "$work/out" >"$work/log" 2>&1
arabic=$(awk -F, 'NR > 1 && $3 == "ar"' "$work/out/manifest.csv" | wc -l)
rebuilt=$((arabic + 6))
grep -q "$expected document(s): $rebuilt built, $((expected - rebuilt)) unchanged, 0 failed" "$work/log" ||
    fail "after changing an Arabic phrase: $(tail -1 "$work/log"), expected $rebuilt built"

# An icon drawn anew: every document may show it.
echo '<!-- redrawn -->' >>"$project/content/icons/health.svg"
batch -o "$work/out" >"$work/log" 2>&1
grep -q "$expected document(s): $expected built, 0 unchanged, 0 failed" "$work/log" ||
    fail "after changing an icon: $(tail -1 "$work/log")"

# Shards 1/3, 2/3, 3/3 together are exactly the whole.
for k in 1 2 3; do
    batch -o "$work/shards" --shard "$k/3" >/dev/null 2>&1 || fail "shard $k/3 failed"
done
(cd "$work/shards" && find . -name '*.pdf' ! -name 'contact-sheet*' ! -name 'print-order*' | sort) >"$work/shard-files"
(cd "$work/out" && find . -name '*.pdf' ! -name 'contact-sheet*' ! -name 'print-order*' | sort) >"$work/all-files"
cmp -s "$work/shard-files" "$work/all-files" || fail "shards do not add up to the whole"
cat "$work"/shards/manifest-?-of-3.csv | grep -v '^file,' | sort >"$work/shard-rows"
tail -n +2 "$work/out/manifest.csv" | sort >"$work/all-rows"
cmp -s "$work/shard-rows" "$work/all-rows" || fail "shard manifests do not merge into the whole: $(diff "$work/shard-rows" "$work/all-rows" | head -3)"

# Output patterns cannot write outside the output folder.
escape() { # PATTERN: a campaign with that output pattern, run; sets status
    cat >"$project/content/campaigns/escape.yaml" <<YAML
name: escape
output: "$1"
jobs:
  - {layout: postcard, languages: [de]}
YAML
    status=0
    (cd "$project" && "$OUTREACH" batch content/campaigns/escape.yaml -o "$work/escape") >"$work/log" 2>&1 || status=$?
}
for pattern in '../escape/{record}.pdf' '/tmp/escape/{record}.pdf' '{layout}/../../{record}.pdf'; do
    escape "$pattern"
    [ "$status" = 1 ] || fail "output $pattern: exit status $status"
    grep -q 'error\[E513\]: output ".*" gives ".*", which is not a file inside the output folder' "$work/log" ||
        fail "output $pattern: $(cat "$work/log")"
    [ ! -e "$work/escape" ] || [ -z "$(find "$work/escape" -name '*.pdf')" ] || fail "output $pattern wrote files"
done
[ ! -e /tmp/escape ] || fail "a campaign wrote to /tmp/escape"
# Nor can they take the names batch writes itself.
escape manifest.csv
[ "$status" = 1 ] && grep -q 'error\[E511\]' "$work/log" || fail "output manifest.csv: $(cat "$work/log")"

# One document that cannot be built (a title far too long for its poster)
# does not stop the others; the run says which one and fails.
event=$(list events | awk -F'\t' '$2 >= "2026-12-01"' | sed -n 1p | cut -f1)
long=$(printf 'Sehr langer Titel %.0s' $(seq 1 40))
awk -v id="$event" -v t="$long" '
    $0 == "- id: " id { inside = 1 }
    inside && /^    de: / && !done { print "    de: \"" t "\""; done = 1; next }
    { print }' "$project/content/events.yaml" >"$work/events.yaml"
cp "$work/events.yaml" "$project/content/events.yaml"
status=0
batch -o "$work/out" >"$work/log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "a failing document gave exit status $status"
grep -q "^FAILED event-poster/de/$event.pdf" "$work/log" || fail "failure not reported: $(grep FAILED "$work/log")"
grep -q "error\[E402\]: frame \"title\", language de" "$work/log" || fail "no reason given for the failure"
grep -q ", 1 failed" "$work/log" || fail "summary: $(tail -2 "$work/log")"
[ -z "$(find "$work/out" -name '.*.pdf.*')" ] || fail "temporary files left behind"
# Its file from the earlier runs is gone, so nobody prints the old poster
# with the new ones, and the run says so.
[ ! -e "$work/out/event-poster/de/$event.pdf" ] || fail "the failed document's old file is still there"
grep -q "its file from an earlier run was removed" "$work/log" || fail "removal not reported"

finish
