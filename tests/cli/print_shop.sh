# Print-shop output: the page grows by 10 mm a side for 3 mm bleed and crop
# marks; TrimBox is the finished size, BleedBox 3 mm larger (read back with
# pdfinfo -box); backgrounds reach into the bleed; the file stays clean, its
# fonts embedded and its QR code readable. Office output: n-up sheets of the
# right size and count, every copy's QR code readable.
. "$(dirname "$0")/lib.sh"

outreach render postcard --lang de --print-shop -o "$work/card.pdf"
boxes=$(pdfinfo -box "$work/card.pdf")
box() { awk -v name="$1:" '$1 == name { printf "%.1f %.1f %.1f %.1f", $2*25.4/72, $3*25.4/72, $4*25.4/72, $5*25.4/72 }' <<<"$boxes"; }
[ "$(box MediaBox)" = "0.0 0.0 168.0 125.0" ] || fail "MediaBox $(box MediaBox) mm"
[ "$(box TrimBox)" = "10.0 10.0 158.0 115.0" ] || fail "TrimBox $(box TrimBox) mm, expected 148 x 105 at 10 mm"
[ "$(box BleedBox)" = "7.0 7.0 161.0 118.0" ] || fail "BleedBox $(box BleedBox) mm, expected 3 mm beyond the trim"

qpdf_out=$(qpdf --check "$work/card.pdf" 2>&1) || fail "qpdf --check: $qpdf_out"
not_embedded=$(pdffonts "$work/card.pdf" | tail -n +3 | awk 'NF && $(NF-4) != "yes"')
[ -z "$not_embedded" ] || fail "fonts not embedded: $not_embedded"
pdftoppm -png -r 200 -f 2 -l 2 "$work/card.pdf" "$work/back"
code=$(zbarimg -q --raw "$work"/back-*.png 2>/dev/null || true)
[ "$code" = "https://www.thueringen-hilft.de/de/?utm_source=postcard&utm_medium=print" ] ||
    fail "QR code: $code"

# The front's background colour reaches 3 mm past the trim (at 72 dpi a
# point is a pixel): sample 1.5 mm outside the trim's left edge, halfway down.
pdftoppm -r 72 -f 1 -l 1 "$work/card.pdf" "$work/front"
python3 - "$work"/front-*.ppm <<'PY' || fail "the background does not reach into the bleed"
import sys
data = open(sys.argv[1], "rb").read()
magic, w, h, maxval, pixels = data.split(maxsplit=4)
w = int(w)
def pixel(x, y):
    i = (y * w + x) * 3
    return tuple(pixels[i:i + 3])
mm = 72 / 25.4
outside = pixel(int((10 - 1.5) * mm), int(62.5 * mm))  # in the bleed
margin = pixel(int(3 * mm), int(62.5 * mm))           # beyond it
sys.exit(0 if outside != (255, 255, 255) and margin == (255, 255, 255) else 1)
PY

# Four A6 postcards on A4 (landscape), front and back; two A5 flyers.
outreach render postcard --lang fa --sheet A4 -o "$work/sheet.pdf"
info=$(pdfinfo "$work/sheet.pdf")
grep -q '^Pages: *2$' <<<"$info" || fail "postcard sheet: $(grep Pages <<<"$info")"
grep -q '^Page size: *841.89 x 595.276 pts (A4)' <<<"$info" || fail "postcard sheet: $(grep 'Page size' <<<"$info")"
pdftoppm -png -r 200 -f 2 -l 2 "$work/sheet.pdf" "$work/sheet"
codes=$(zbarimg -q --raw "$work"/sheet-*.png 2>/dev/null | sort | uniq -c | awk '{ print $1, $2 }')
[ "$codes" = "4 https://www.thueringen-hilft.de/fa/?utm_source=postcard&utm_medium=print" ] ||
    fail "postcard sheet codes: $codes"
# One copy carries the structure tags and links (the back's code and
# address), so a screen reader reads the sheet once, not four times.
links=$(pdfinfo -url "$work/sheet.pdf" 2>/dev/null | awk 'NR > 1 {print $1}' | uniq -c | awk '{print $1, $2}')
[ "$links" = "2 2" ] || fail "postcard sheet links: $links"
outreach render offer-flyer --lang de --id erfurt-sprachcafe-mosaik --sheet A4 -o "$work/flyers.pdf"
pdftoppm -png -r 150 "$work/flyers.pdf" "$work/flyers"
copies=$(zbarimg -q --raw "$work"/flyers-*.png 2>/dev/null | wc -l)
[ "$copies" = 2 ] || fail "$copies flyers on the A4 sheet, expected 2"

# A campaign can ask for print-shop files itself.
project=$work/project
mkdir -p "$project/content/campaigns"
cp -r "$SOURCE_DIR/content/site.yaml" "$SOURCE_DIR/content/strings" \
    "$SOURCE_DIR/content/categories.yaml" "$SOURCE_DIR/content/icons" \
    "$SOURCE_DIR/content/logos" "$project/content/"
cp -r "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
cat >"$project/content/campaigns/shop.yaml" <<'YAML'
name: shop
print_shop: true
jobs:
  - {layout: postcard, languages: [ar]}
YAML
(cd "$project" && "$OUTREACH" batch content/campaigns/shop.yaml -o "$work/shop" -q) ||
    fail "print-shop campaign failed"
trim=$(pdfinfo -box "$work/shop/postcard/ar/postcard.pdf" | awk '$1 == "TrimBox:" { printf "%.1f %.1f", $4*25.4/72 - $2*25.4/72, $5*25.4/72 - $3*25.4/72 }')
[ "$trim" = "148.0 105.0" ] || fail "campaign print_shop: TrimBox $trim mm"

finish
