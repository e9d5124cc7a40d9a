# A batch's "unchanged" is true, and its output folder stays consistent:
#   - a flyer rewritten by a run that was stopped before its manifest
#     (simulated by rendering over it), then the content changed back, is
#     rebuilt, not reported unchanged;
#   - temporary files a stopped run left are removed;
#   - two runs started into the same folder at once leave a folder whose
#     manifest matches its files;
#   - a legal 255-byte output name works;
#   - the manifests stay valid CSV and JSON whatever a layout name holds.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
export SOURCE_DATE_EPOCH=1790000000
run() { (cd "$project" && "$OUTREACH" "$@"); }

offer=$(run list offers | sed -n 1p | cut -f1)
category=$(awk -v id="$offer" '$0 ~ "^- id: " id "$" {found = 1} found && /^  category:/ {print $2; exit}' \
    "$project/content/offers.yaml")
district=$(awk -v id="$offer" '$0 ~ "^- id: " id "$" {found = 1} found && /^  district:/ {print $2; exit}' \
    "$project/content/offers.yaml")
phone=$(awk -v id="$offer" '$0 ~ "^- id: " id "$" {found = 1} found && /^  phone:/ {print; exit}' \
    "$project/content/offers.yaml")
[ -n "$phone" ] || fail "no phone line for $offer"
long=$(printf 'A%.0s' $(seq 1 236)) # + "language-poster.pdf": 255 bytes
cat >"$project/content/campaigns/small.yaml" <<YAML
name: small
jobs:
  - layout: postcard
    languages: [de, ar]
  - layout: offer-flyer
    records: {category: $category, district: $district}
    languages: [de]
  - layout: language-poster
    languages: [de]
    output: "long/${long}{layout}.pdf"
YAML
batch() { run batch content/campaigns/small.yaml -j 2 "$@"; }
flyer=$work/out/offer-flyer/de/$offer.pdf

batch -o "$work/out" >"$work/log" 2>&1 || fail "first run: $(tail -5 "$work/log")"
total=$(sed -n 's/^\([0-9]*\) document(s): .*/\1/p' "$work/log")
[ -f "$flyer" ] || fail "no flyer $flyer"
[ -f "$work/out/long/${long}language-poster.pdf" ] ||
    fail "the 255-byte name was not written: $(grep -i long "$work/log" | head -3)"
before=$(pdftotext "$flyer" - | plain_text)

# Kill-and-revert: a changed digit reaches the file but not the manifest.
changed=$(sed 's/[0-9]\([^0-9]*\)$/9\1/' <<<"$phone")
[ "$changed" != "$phone" ] || changed=$(sed 's/[0-9]\([^0-9]*\)$/8\1/' <<<"$phone")
sed -i "s|^$phone\$|$changed|" "$project/content/offers.yaml"
run render offer-flyer --id "$offer" --lang de -o "$flyer" 2>/dev/null ||
    fail "render over the flyer failed"
sed -i "s|^$changed\$|$phone|" "$project/content/offers.yaml"
cmp -s <(pdftotext "$flyer" - | plain_text) <(echo "$before") &&
    fail "the test did not change the flyer"

# Temporary files of a stopped run, in a document folder and the top.
touch "$work/out/offer-flyer/de/.$offer.pdf.Ab12Cd" "$work/out/manifest.csv.tmp"
echo "mine" >"$work/out/offer-flyer/de/notes.txt"

batch -o "$work/out" >"$work/log" 2>&1 || fail "second run: $(tail -5 "$work/log")"
grep -q "$total document(s): 1 built, $((total - 1)) unchanged, 0 failed" "$work/log" ||
    fail "the rewritten flyer was not rebuilt: $(tail -1 "$work/log")"
[ "$(pdftotext "$flyer" - | plain_text)" = "$before" ] ||
    fail "the flyer still shows the changed number"
grep -q "removed 2 temporary file(s)" "$work/log" ||
    fail "no word of the removed temporary files: $(cat "$work/log")"
[ -e "$work/out/offer-flyer/de/.$offer.pdf.Ab12Cd" ] && fail "a stale temporary file is left"
[ -e "$work/out/manifest.csv.tmp" ] && fail "a stale manifest temporary file is left"
[ -f "$work/out/offer-flyer/de/notes.txt" ] || fail "a file batch did not make was removed"

# Two runs at once into one folder.
rm -rf "$work/out2"
batch -o "$work/out2" >"$work/log1" 2>&1 &
first=$!
batch -o "$work/out2" >"$work/log2" 2>&1 || fail "the second concurrent run failed: $(tail -3 "$work/log2")"
wait "$first" || fail "the first concurrent run failed: $(tail -3 "$work/log1")"
python3 - "$work/out2" <<'PY' || fail "the folder of two concurrent runs is not consistent"
import csv, json, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "manifest.csv"), newline="")))
docs = json.load(open(os.path.join(out, "manifest.json")))
assert len(rows) == len(docs) > 3, (len(rows), len(docs))
for row in rows:
    path = os.path.join(out, row["file"])
    assert os.path.getsize(path) == int(row["bytes"]), path
leftovers = [f for _, _, files in os.walk(out) for f in files
             if f.endswith(".tmp") or f.startswith(".")]
assert not leftovers, leftovers
PY

# Names that CSV and JSON must quote.
cp "$project/layouts/postcard.yaml" "$project/layouts/we\"ird,na'me.yaml"
cat >"$project/content/campaigns/names.yaml" <<'YAML'
name: names
jobs:
  - layout: 'we"ird,na''me'
    languages: [de]
YAML
run batch content/campaigns/names.yaml -o "$work/out3" >"$work/log" 2>&1 ||
    fail "odd layout name: $(tail -3 "$work/log")"
python3 - "$work/out3" <<'PY' || fail "the manifests are not valid CSV and JSON"
import csv, json, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "manifest.csv"), newline="")))
docs = json.load(open(os.path.join(out, "manifest.json")))
assert [r["layout"] for r in rows] == ['we"ird,na\'me'], rows
assert [d["layout"] for d in docs] == ['we"ird,na\'me'], docs
assert rows[0]["file_hash"] == docs[0]["file_hash"] != ""
PY

finish
