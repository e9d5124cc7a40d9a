# The print order: the manifest gives every file's trim size, bleed, pages,
# colours, paper and quantity (checked against the files with pdfinfo and
# against the campaign and shelters.yaml), print-order.csv groups them by
# product and format with the sums of the manifest, print-order.pdf says the
# same on one page, and bad quantities are errors at their place.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
export SOURCE_DATE_EPOCH=1790000000
batch() { (cd "$project" && "$OUTREACH" batch "$@"); }

cat >"$project/content/campaigns/order.yaml" <<'EOF'
name: order-test
print_shop: true
paper: 170 g/m² matt coated
jobs:
  - layout: postcard
    languages: [de, ar]
    quantity: 200
    paper: 300 g/m² matt coated
  - layout: handout
    languages: record
    records: {district: Erfurt}
    quantity: residents
  - layout: language-poster
    languages: [fa, ru]
    quantity: {per_resident: 0.1, min: 30}
  - layout: offer-flyer
    records: {category: language-courses, district: Erfurt}
    languages: [de]
EOF
batch content/campaigns/order.yaml -o "$work/out" -j 2 --no-contact-sheet \
    >"$work/log" 2>&1 || fail "batch failed: $(tail -5 "$work/log")"

# What the campaign asks, from the content: the Erfurt shelter's readers per
# language, and every shelter's readers of fa and ru.
python3 - "$project/content/shelters.yaml" "$work/out" <<'PY' || fail "manifest or print order differ from the campaign"
import csv, json, math, re, subprocess, sys
shelters, out = sys.argv[1], sys.argv[2]
readers, current = {}, None
for line in open(shelters, encoding="utf-8"):
    m = re.match(r"- id: (\S+)", line)
    if m:
        current = m.group(1)
    m = re.match(r"\s+residents: \{(.*)\}", line)
    if m:
        readers[current] = {k.strip(): int(v) for k, v in
                            (p.split(":") for p in m.group(1).split(","))}
errors = []
def check(what, got, want):
    if got != want:
        errors.append(f"{what}: {got!r}, expected {want!r}")

rows = list(csv.DictReader(open(f"{out}/manifest.csv", encoding="utf-8")))
docs = json.load(open(f"{out}/manifest.json", encoding="utf-8"))
by_file = {d["file"]: d for d in docs}
check("manifest rows", len(rows), len(docs))
sizes = {"postcard": "148x105", "handout": "210x297",
         "language-poster": "297x420", "offer-flyer": "148x210"}
for row in rows:
    f, layout, lang = row["file"], row["layout"], row["languages"]
    if layout == "postcard":
        want = "200"
    elif layout == "handout":
        want = str(readers[row["record"]][lang])
    elif layout == "language-poster":
        total = sum(r.get(lang, 0) for r in readers.values())
        want = str(max(30, math.ceil(total * 0.1 - 1e-9)))
    else:
        want = ""  # no quantity in the job
    check(f"{f} quantity", row["quantity"], want)
    check(f"{f} json quantity", by_file[f]["quantity"],
          int(want) if want else None)
    check(f"{f} trim", row["trim_mm"], sizes[layout])
    check(f"{f} json trim", "x".join("%g" % v for v in by_file[f]["trim_mm"]),
          sizes[layout])
    check(f"{f} bleed", row["bleed_mm"], "3")
    check(f"{f} colour", row["colour"], "RGB")
    check(f"{f} paper", row["paper"], "300 g/m² matt coated"
          if layout == "postcard" else "170 g/m² matt coated")
    # The file agrees: its TrimBox is the trim size, its BleedBox 3 mm more.
    info = subprocess.run(["pdfinfo", "-box", f"{out}/{f}"], capture_output=True,
                          text=True).stdout
    boxes = {l.split(":")[0]: [float(v) * 25.4 / 72 for v in l.split()[1:]]
             for l in info.splitlines() if "Box:" in l}
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)
    check(f"{f} pages", row["pages"], pages)
    t, b = boxes["TrimBox"], boxes["BleedBox"]
    check(f"{f} TrimBox", "%.0fx%.0f" % (t[2] - t[0], t[3] - t[1]), sizes[layout])
    check(f"{f} BleedBox", round((b[2] - b[0]) - (t[2] - t[0]), 1), 6.0)

# The order: one line per product x format x pages x colour x paper, with
# the manifest's files and the sum of their copies.
groups = {}
for row in rows:
    key = (row["layout"], row["trim_mm"], row["bleed_mm"], row["pages"],
           row["colour"], row["paper"])
    g = groups.setdefault(key, {"files": 0, "copies": 0, "langs": set()})
    g["files"] += 1
    g["langs"].add(row["languages"])
    if g["copies"] is not None and row["quantity"]:
        g["copies"] += int(row["quantity"])
    else:
        g["copies"] = None
order = list(csv.DictReader(open(f"{out}/print-order.csv", encoding="utf-8")))
check("order lines", len(order), len(groups))
for line in order:
    key = (line["product"], line["trim_mm"], line["bleed_mm"], line["pages"],
           line["colour"], line["paper"])
    g = groups.get(key)
    if not g:
        errors.append(f"order line {key} matches no manifest rows")
        continue
    check(f"{key} files", int(line["files"]), g["files"])
    check(f"{key} copies", line["copies"],
          "" if g["copies"] is None else str(g["copies"]))
    check(f"{key} languages", set(line["languages"].split()), g["langs"])
total = sum(int(l["copies"]) for l in order if l["copies"])
open(f"{out}/total", "w").write(str(total))
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# The PDF: one A4 page that names the campaign, every product and the total.
pdf=$work/out/print-order.pdf
[ "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')" = 1 ] || fail "print-order.pdf is not one page"
text=$(pdftotext -layout "$pdf" - | tr -s ' ')
grep -q "Print order order-test" <<<"$text" || fail "print-order.pdf: no title"
for product in postcard handout language-poster offer-flyer; do
    grep -q "^ *$product " <<<"$text" || fail "print-order.pdf does not list $product"
done
total=$(cat "$work/out/total" 2>/dev/null || echo none)
grep -Eq "^ *Total [0-9]+ $total$" <<<"$text" ||
    fail "print-order.pdf total: $(grep Total <<<"$text"), expected $total"
grep -q 'have no quantity in the campaign' <<<"$text" ||
    fail "print-order.pdf does not say that the flyers have no quantity"
qpdf --check "$pdf" >/dev/null 2>&1 || fail "qpdf --check print-order.pdf"

# A quantity change rewrites the manifest and the order, not the files.
sed -i 's/quantity: 200/quantity: 250/' "$project/content/campaigns/order.yaml"
batch content/campaigns/order.yaml -o "$work/out" -j 2 --no-contact-sheet \
    >"$work/log" 2>&1 || fail "second batch failed"
grep -q "0 built" "$work/log" || fail "a quantity change rebuilt files: $(tail -1 "$work/log")"
grep -q '^postcard,148x105,3,2,RGB,300 g/m² matt coated,ar de,2,500$' "$work/out/print-order.csv" ||
    fail "order after the change: $(grep ^postcard "$work/out/print-order.csv")"

# PDF/X files are CMYK in the manifest and the order.
cat >"$project/content/campaigns/pdfx.yaml" <<'EOF'
name: order-pdfx
print_shop: true
pdfx: true
quantity: 1000
jobs:
  - layout: postcard
    languages: [de]
EOF
batch content/campaigns/pdfx.yaml -o "$work/pdfx" --no-contact-sheet >"$work/log" 2>&1 ||
    fail "PDF/X batch failed: $(tail -3 "$work/log")"
grep -q ',CMYK PDF/X-3,1000,,$' "$work/pdfx/manifest.csv" || fail "PDF/X manifest: $(tail -1 "$work/pdfx/manifest.csv")"
grep -q '^postcard,148x105,3,2,CMYK PDF/X-3,,de,1,1000$' "$work/pdfx/print-order.csv" ||
    fail "PDF/X order: $(tail -1 "$work/pdfx/print-order.csv")"

# Bad quantities: an error at the place, nothing built.
bad() {
    local name=$1 code=$2 where=$3
    shift 3
    printf '%s\n' "name: bad" "jobs:" "  - layout: $name" "$@" >"$project/content/campaigns/bad.yaml"
    if batch content/campaigns/bad.yaml -o "$work/bad" --no-contact-sheet >"$work/log" 2>&1; then
        fail "accepted: $*"
    elif ! grep -Eq "^$where: error\[$code\]: " "$work/log"; then
        fail "for '$*' expected $where: error[$code], got: $(head -3 "$work/log")"
    fi
}
bad postcard E540 'content/campaigns/bad.yaml:5:15' "    languages: [de]" "    quantity: -5"
bad postcard E540 'content/campaigns/bad.yaml:5:15' "    languages: [de]" "    quantity: lots"
bad postcard E540 'content/campaigns/bad.yaml:5:15' "    languages: [de]" "    quantity: 2.5"
bad postcard E540 'content/campaigns/bad.yaml:5:15' "    languages: [de]" "    quantity: [1, 2]"
bad postcard E116 'content/campaigns/bad.yaml:5:30' "    languages: [de]" "    quantity: {per_resident: -1}"
bad postcard E115 'content/campaigns/bad.yaml:5:30' "    languages: [de]" "    quantity: {per_resident: many}"
bad postcard E540 'content/campaigns/bad.yaml:5:38' "    languages: [de]" "    quantity: {per_resident: 1, min: 0.5}"
# A shelter without its number of readers: a warning at the shelter, the
# files are built, their quantity is not given (and the order says so).
sed -i '/^  residents: {ar: [0-9]*, fa: [0-9]*, ru: [0-9]*}$/{s/, ru: [0-9]*//;:a;n;ba}' "$project/content/shelters.yaml"
line=$(grep -n '^- id: erfurt-gu-ringelberg' "$project/content/shelters.yaml" | cut -d: -f1)
batch content/campaigns/order.yaml -o "$work/out" -j 2 --no-contact-sheet >"$work/log" 2>&1 ||
    fail "a missing number of residents fails the batch: $(tail -3 "$work/log")"
grep -q "^content/shelters.yaml:$line:3: warning\[E541\]: shelter \"erfurt-gu-ringelberg\" does not say how many of its residents read ru" "$work/log" ||
    fail "E541: $(grep -v '^[0-9]*/' "$work/log" | head -3)"
grep -q '^handout/ru/erfurt-gu-ringelberg.pdf,.*,RGB,,170 g/m² matt coated,$' "$work/out/manifest.csv" ||
    fail "the Russian handout's quantity: $(grep '^handout/ru' "$work/out/manifest.csv")"
pdftotext -layout "$work/out/print-order.pdf" - | grep -q 'not given' ||
    fail "print-order.pdf does not say that a quantity is not given"
# A number of residents that is not one.
sed -i 's/^  residents: {ar: [0-9]*, fa: [0-9]*}$/  residents: {ar: many, fa: 3}/' "$project/content/shelters.yaml"
(cd "$project" && "$OUTREACH" check --id erfurt-gu-ringelberg) >"$work/log" 2>&1 &&
    fail "check accepts residents: {ar: many}"
grep -Eq "^content/shelters.yaml:$((line + 6)):[0-9]+: error\[E115\]" "$work/log" ||
    fail "residents: {ar: many}: $(head -3 "$work/log")"
sed -i 's/^  residents: {ar: many, fa: 3}$/  residents: {ar: 3, de: 3}/' "$project/content/shelters.yaml"
(cd "$project" && "$OUTREACH" check --id erfurt-gu-ringelberg) >"$work/log" 2>&1 &&
    fail "check accepts residents of a language the shelter does not list"
grep -Eq "^content/shelters.yaml:$((line + 6)):[0-9]+: error\[E268\]" "$work/log" ||
    fail "residents: {de: 3}: $(head -3 "$work/log")"

finish
