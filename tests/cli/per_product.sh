# One file per product (batch --per-product, or per_product: true in the
# campaign): per-product/LAYOUT-LANG.pdf holds every document of that layout
# and language in the manifest's order; its page count is the sum of its
# manifest rows' pages, and its page labels (read back with qpdf --json)
# name each page's record. A product missing a document that failed is not
# made; a run without the option leaves no per-product file behind.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
export SOURCE_DATE_EPOCH=1790000000
batch() { (cd "$project" && "$OUTREACH" batch "$@"); }

cat >"$project/content/campaigns/products.yaml" <<'EOF'
name: products
print_shop: true
jobs:
  - layout: postcard
    languages: [de, ar]
  - layout: handout
    languages: record
  - layout: offer-flyer
    records: {category: language-courses}
    languages: [fa]
EOF
batch content/campaigns/products.yaml -o "$work/out" -j 2 --no-contact-sheet --per-product \
    >"$work/log" 2>&1 || fail "batch --per-product failed: $(tail -5 "$work/log")"

check_products() {
    python3 - "$work/out" <<'PY'
import csv, json, subprocess, sys
out = sys.argv[1]
errors = []
rows = list(csv.DictReader(open(f"{out}/manifest.csv", encoding="utf-8")))
listed = list(csv.DictReader(open(f"{out}/per-product/products.csv", encoding="utf-8")))
expected = {}
for row in rows:
    expected.setdefault((row["layout"], row["languages"]), []).append(row)
made = {(p["layout"], p["language"]): p for p in listed}
if set(made) != set(expected):
    errors.append(f"products {sorted(made)}, expected {sorted(expected)}")
for key, docs in expected.items():
    p = made.get(key)
    if not p:
        continue
    path = f"{out}/per-product/{p['file']}"
    if p["file"] != f"{key[0]}-{key[1]}.pdf":
        errors.append(f"{key}: file {p['file']}")
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    pages = int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))
    want = sum(int(d["pages"]) for d in docs)
    if pages != want or int(p["pages"]) != want or int(p["documents"]) != len(docs):
        errors.append(f"{path}: {pages} pages (products.csv {p['pages']}), "
                      f"manifest rows give {want} in {len(docs)} documents")
    check = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    if check.returncode != 0:
        errors.append(f"{path}: qpdf --check: {check.stdout[-200:]}")
    # The labels, page by page, against the manifest's order.
    labels = json.loads(subprocess.run(
        ["qpdf", "--json", "--json-key=pagelabels", path],
        capture_output=True, text=True).stdout)["pagelabels"]
    got = []
    for i, entry in enumerate(labels):
        end = labels[i + 1]["index"] if i + 1 < len(labels) else pages
        prefix = entry["label"]["/P"].removeprefix("u:")
        for n in range(end - entry["index"]):
            got.append(prefix + (str(n + 1) if "/S" in entry["label"] else ""))
    want_labels = []
    for d in docs:
        name = d["record"] or d["layout"]
        n = int(d["pages"])
        want_labels += [name] if n == 1 else [f"{name} {k + 1}" for k in range(n)]
    if got != want_labels:
        errors.append(f"{path}: labels {got[:4]}..., expected {want_labels[:4]}...")
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}
check_products || fail "per-product files differ from the manifest"
# The text of a page is its record's: the first handout's first page names
# the first shelter in the manifest.
first=$(awk -F, '$2 == "handout" && $3 == "ar" { print $4; exit }' "$work/out/manifest.csv")
name=$(awk -v id="$first" '$0 == "- id: " id {f = 1} f && /^  name:/ {sub(/^  name: /, ""); print; exit}' \
    "$project/content/shelters.yaml")
pdftotext -f 1 -l 2 "$work/out/per-product/handout-ar.pdf" - | plain_text | grep -qF "$name" ||
    fail "handout-ar.pdf does not begin with $first ($name)"

# The campaign key does the same; the same bytes again.
cp "$work/out/per-product/handout-ar.pdf" "$work/before.pdf"
sed -i 's/^print_shop: true$/print_shop: true\nper_product: true/' "$project/content/campaigns/products.yaml"
batch content/campaigns/products.yaml -o "$work/out" -j 2 --no-contact-sheet >"$work/log" 2>&1 ||
    fail "batch with per_product: true failed: $(tail -3 "$work/log")"
cmp -s "$work/before.pdf" "$work/out/per-product/handout-ar.pdf" || fail "per-product file differs on a rebuild"
check_products || fail "per-product files (campaign key) differ from the manifest"

# A shelter whose handouts fail: the products they belong to are not made
# (a handout file without that shelter must not go to print), the others are.
sed -i '/^- id: erfurt-gu-ringelberg$/,/^$/ s/lat: 50.9712/lat: 95.9712/' "$project/content/shelters.yaml"
batch content/campaigns/products.yaml -o "$work/out" -j 2 --no-contact-sheet >"$work/log" 2>&1 &&
    fail "batch with a broken shelter succeeded"
grep -q 'per-product/handout-ar.pdf: warning\[E545\]: not made: 1 of its 8 document(s)' "$work/log" ||
    fail "no warning for the handout that is not made: $(grep -i 'per-product\|E545' "$work/log" | head -3)"
[ -e "$work/out/per-product/handout-ar.pdf" ] && fail "handout-ar.pdf is left from the earlier run"
[ -e "$work/out/per-product/handout-en.pdf" ] || fail "handout-en.pdf (no Erfurt handout in it) is not made"
grep -q '^handout-ar.pdf,' "$work/out/per-product/products.csv" && fail "products.csv lists handout-ar.pdf"

# Without the option, no per-product file stays behind to be printed by
# mistake: each is removed and named.
sed -i '/^per_product: true$/d' "$project/content/campaigns/products.yaml"
sed -i 's/lat: 95.9712/lat: 50.9712/' "$project/content/shelters.yaml"
batch content/campaigns/products.yaml -o "$work/out" -j 2 --no-contact-sheet >"$work/log" 2>&1 ||
    fail "batch without per-product failed: $(tail -3 "$work/log")"
grep -q '^  per-product/postcard-de.pdf$' "$work/log" || fail "the removal is not named: $(tail -5 "$work/log")"
[ -e "$work/out/per-product" ] && fail "per-product/ is left: $(ls "$work/out/per-product")"

# No document may be written into per-product/.
printf '%s\n' "name: bad" "output: per-product/{layout}.pdf" "jobs:" "  - layout: postcard" \
    "    languages: [de]" >"$project/content/campaigns/bad.yaml"
batch content/campaigns/bad.yaml -o "$work/bad" >"$work/log" 2>&1 && fail "output into per-product/ accepted"
grep -q 'error\[E511\]' "$work/log" || fail "output into per-product/: $(head -2 "$work/log")"

finish
