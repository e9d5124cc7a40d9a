# Office printing of pages larger than the sheet (--sheet A4): a page whose
# smallest text stays readable (>= 6 pt) is scaled to fit, and says by how
# much; the example campaign's A3 posters, whose small print would not be,
# are tiled at full size onto A4 sheets that show the page piece by piece
# (compared pixel by pixel with the page itself). Both are named on stderr
# and in the batch manifest.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
export SOURCE_DATE_EPOCH=1790000000
run() { (cd "$project" && "$OUTREACH" "$@"); }
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
size() { pdfinfo "$1" | awk '/^Page size:/ {printf "%.0fx%.0f", $3*25.4/72, $5*25.4/72}'; }

# An A3 sign in large type with a QR code: scaled.
cat >"$project/layouts/sign.yaml" <<'EOF'
description: A sign in large type, A3
record: site
title: postcard.title
page:
  size: A3
styles:
  big:
    font: Noto Sans, Noto Sans Arabic
    weight: bold
    size: 60
    min_size: 40
    color: "#1d2b30"
pages:
  - frames:
      - type: text
        name: headline
        text: "{postcard.headline}"
        style: big
        x: 20
        y: 30
        width: 257
        height: 200
      - type: qr
        name: qr
        url: site
        x: 100
        y: 260
        width: 97
        min_module: 0.4
EOF
run render sign --lang de --sheet A4 -o "$work/sign.pdf" 2>"$work/err" || fail "sign: $(cat "$work/err")"
grep -q 'sign.pdf: warning\[E547\]: a 297 x 420 mm page does not fit on A4: scaled to 67% (its smallest text, 60.0 pt, prints at 40.4 pt)' "$work/err" ||
    fail "sign: no word of the scaling: $(cat "$work/err")"
[ "$(pages "$work/sign.pdf")" = 1 ] || fail "sign: $(pages "$work/sign.pdf") sheets"
[ "$(size "$work/sign.pdf")" = 210x297 ] || fail "sign: sheet $(size "$work/sign.pdf")"
pdftoppm -png -r 150 "$work/sign.pdf" "$work/sign"
code=$(zbarimg -q --raw "$work"/sign-*.png 2>/dev/null || true)
[ "$code" = "https://www.thueringen-hilft.de/de/?utm_source=sign&utm_medium=print" ] || fail "sign: QR code '$code'"

# The example's A3 event poster: tiled on four A4 sheets.
event=$(run list events | head -1 | cut -f1)
run render event-poster --id "$event" --lang ar --sheet A4 -o "$work/poster.pdf" 2>"$work/err" ||
    fail "poster: $(cat "$work/err")"
grep -q 'poster.pdf: warning\[E548\]: a 297 x 420 mm page does not fit on A4, and scaled down its smallest text (.* pt) would print at .* pt, too small to read: printed at full size on 4 sheets (2 x 2) with 10 mm overlap' "$work/err" ||
    fail "poster: no word of the tiling: $(cat "$work/err")"
[ "$(pages "$work/poster.pdf")" = 4 ] || fail "poster: $(pages "$work/poster.pdf") sheets, expected 4"
[ "$(size "$work/poster.pdf")" = 210x297 ] || fail "poster: sheet $(size "$work/poster.pdf")"
qpdf --check "$work/poster.pdf" >/dev/null 2>&1 || fail "poster: qpdf --check"
run render event-poster --id "$event" --lang ar -o "$work/page.pdf" 2>/dev/null
# 50.8 dpi: 2 pixels a millimetre, so tile and page share a pixel grid.
pdftoppm -r 50.8 "$work/page.pdf" "$work/page"
pdftoppm -r 50.8 "$work/poster.pdf" "$work/tile"
# Each tile shows the page at full size: its printed area (the sheet less
# 5 mm margins, 200 x 287 mm) holds the page from (97 mm, 133 mm) times its
# column and row (the four tiles spread evenly over 297 x 420 mm).
python3 - "$work"/page-*.ppm "$work"/tile-*.ppm <<'PY' || fail "the tiles are not the page"
import sys
def read(path):
    data = open(path, "rb").read()
    magic, w, h, maxval, pixels = data.split(maxsplit=4)
    return int(w), int(h), pixels
px = 2
pw, ph, page = read(sys.argv[1])
bad = []
for t, path in enumerate(sys.argv[2:]):
    w, h, tile = read(path)
    col, row = t % 2, t // 2
    same = total = 0
    for y_mm in range(8, 284, 3):
        for x_mm in range(8, 197, 3):
            # Away from the dashed lines in the overlaps' middles (page
            # x 148.5 mm, y 210 mm).
            if abs(col * 97 + x_mm - 148.5) < 2.5 or abs(row * 133 + y_mm - 210) < 2.5:
                continue
            sx, sy = int((5 + x_mm) * px), int((5 + y_mm) * px)
            qx, qy = int((col * 97 + x_mm) * px), int((row * 133 + y_mm) * px)
            a = tile[(sy * w + sx) * 3:(sy * w + sx) * 3 + 3]
            b = page[(qy * pw + qx) * 3:(qy * pw + qx) * 3 + 3]
            if min(a) > 230 and min(b) > 230:
                continue  # white in both says little
            total += 1
            same += all(abs(i - j) <= 40 for i, j in zip(a, b))
    if total < 500 or same < 0.98 * total:
        bad.append(f"tile {t + 1}: {same} of {total} samples match the page")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
pdftotext "$work/poster.pdf" - | plain_text | tr -d ':.,;()' >"$work/tiles.txt"
pdftotext "$work/page.pdf" - | plain_text | tr -d ':.,;()' | tr ' ' '\n' | sort -u | head -20 | while read -r word; do
    grep -qF -- "$word" "$work/tiles.txt" || echo "$word"
done >"$work/missing"
[ -s "$work/missing" ] && fail "words of the poster missing from the tiles: $(head -3 "$work/missing")"

# A batch on A4: the manifest says how each document went onto the sheets,
# its pages are the sheets, and the run lists what does not fit as it is.
cat >"$project/content/campaigns/office.yaml" <<EOF
name: office
sheet: A4
jobs:
  - layout: postcard
    languages: [de]
  - layout: sign
    languages: [de]
  - layout: event-poster
    records: {from: 2026-12-01, to: 2026-12-10}
    languages: [de]
EOF
run batch content/campaigns/office.yaml -o "$work/out" -j 2 --no-contact-sheet >"$work/log" 2>&1 ||
    fail "office batch: $(tail -3 "$work/log")"
python3 - "$work/out" <<'PY' || fail "the manifest's sheet_fit or pages differ"
import csv, subprocess, sys
out = sys.argv[1]
errors = []
rows = list(csv.DictReader(open(f"{out}/manifest.csv", encoding="utf-8")))
want = {"postcard": "4 per sheet", "sign": "scaled to 67%",
        "event-poster": "tiled on 4 sheets (2x2)"}
for row in rows:
    if row["sheet_fit"] != want[row["layout"]]:
        errors.append(f"{row['file']}: sheet_fit {row['sheet_fit']!r}")
    info = subprocess.run(["pdfinfo", f"{out}/{row['file']}"], capture_output=True, text=True).stdout
    pages = next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:"))
    if pages != row["pages"]:
        errors.append(f"{row['file']}: {pages} pages, manifest {row['pages']}")
if not any(r["layout"] == "event-poster" for r in rows):
    errors.append("no event poster in the test campaign")
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
grep -q 'do not fit on A4 as they are (manifest column sheet_fit):' "$work/log" || fail "the run does not list them: $(tail -5 "$work/log")"
grep -q '^  sign/de/sign.pdf: scaled to 67%$' "$work/log" || fail "the run does not name the sign"

finish
