# The screen products (docs/channels.md): social media tiles 1080x1080 and
# 1080x1920 px for the portal, an event and an offer, and the e-mail
# signature banner (600x200 CSS px as a 1200x400 PNG with an HTML snippet),
# in every site language. Checked from the files themselves: pixel sizes
# from the PNG header, the snippet's link, alt text, lang and dir, tiles
# mirrored for Arabic and Farsi (where the title's ink lies), reviewed
# reference images of the event tile in de, ar and fa, and the same
# products from a campaign.
. "$(dirname "$0")/lib.sh"

: "${PNGDIFF:?set PNGDIFF to the pngdiff tool}"
png() { python3 "$SOURCE_DIR/tests/tools/pngcheck.py" "$@"; }
references=$SOURCE_DIR/tests/reference

event=erfurt-sprachcafe-winterabend-2026-12
offer=erfurt-migrationsberatung-nord
langs=(de en ar fa fr es ru)

# size NAME WIDTH HEIGHT: the PNG is WIDTH x HEIGHT pixels
size() {
    local got
    got=$(png size "$work/$1.png" 2>&1) || { fail "$1: not a PNG ($got)"; return; }
    [ "$got" = "$2 $3" ] || fail "$1.png is $got pixels, expected $2 $3"
}

# Every product in every language; without --format the layout (a page in
# px) makes a PNG at its own size.
for lang in "${langs[@]}"; do
    for product in social-portal social-portal-story email-signature \
                   "social-event $event" "social-event-story $event" \
                   "social-offer $offer" "social-offer-story $offer"; do
        set -- $product
        name=$1-$lang
        args=(render "$1" --lang "$lang" -o "$work/$name.png")
        [ -n "${2:-}" ] && args+=(--id "$2")
        outreach "${args[@]}" 2>"$work/$name.err" ||
            { fail "$name: render failed: $(cat "$work/$name.err")"; continue; }
        case $1 in
        *-story) size "$name" 1080 1920 ;;
        email-signature) size "$name" 1200 400 ;;
        *) size "$name" 1080 1080 ;;
        esac
    done
done

# The default file name says what it is: social-portal-de.png.
(cd "$work" && "$OUTREACH" --content "$SOURCE_DIR/content" \
    --layouts "$SOURCE_DIR/layouts" render social-portal --lang de 2>/dev/null) || true
[ -f "$work/social-portal-de.png" ] || fail "render social-portal without -o did not write social-portal-de.png"

# The banner's snippet: the portal's page in the banner's language (with
# the e-mail tracking), alt text in that language, lang and dir set.
declare -A headline=(
    [de]="Information und Hilfe in Ihrer Sprache"
    [ar]="معلومات ومساعدة بلغتك"
    [fa]="اطلاعات و کمک به زبان شما")
for lang in "${langs[@]}"; do
    html=$work/email-signature-$lang.html
    [ -f "$html" ] || { fail "no snippet email-signature-$lang.html beside the PNG"; continue; }
    url="https://www.thueringen-hilft.de/$lang/?utm_source=email-signature&amp;utm_medium=email"
    dir=ltr
    case $lang in ar | fa) dir=rtl ;; esac
    grep -qF "<a href=\"$url\" lang=\"$lang\" dir=\"$dir\">" "$html" ||
        fail "email-signature-$lang.html: no link to $url with lang=\"$lang\" dir=\"$dir\": $(cat "$html")"
    grep -qF 'src="email-signature-'"$lang"'.png" width="600" height="200"' "$html" ||
        fail "email-signature-$lang.html does not show email-signature-$lang.png at 600x200"
    alt=$(sed -n 's/.* alt="\([^"]*\)".*/\1/p' "$html" | sed 's/\xe2\x81[\xa6-\xa9]//g')
    [ -n "$alt" ] || fail "email-signature-$lang.html has no alt text"
    if [ -n "${headline[$lang]:-}" ]; then
        [[ $alt == *"${headline[$lang]}"* ]] ||
            fail "email-signature-$lang.html: alt text \"$alt\" is not in $lang"
    fi
    [ "$lang" = de ] || [[ $alt != *"Ihrer Sprache"* ]] ||
        fail "email-signature-$lang.html: alt text \"$alt\" is German"
done

# Mirrored: the event title (white on the category's band, rows 146 to
# 476) starts 72 px from the left in German and ends 72 px from the right
# in Arabic and Farsi; the portal tile's yellow band is at the start edge.
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 12 && d >= -12) }'; }
read -r de_min de_max < <(png ink "$work/social-event-de.png" 146 476)
near "$de_min" 72 || fail "German event tile: title starts at x=$de_min, expected 72"
[ "$de_max" -lt 1000 ] || fail "German event tile: title reaches x=$de_max"
for lang in ar fa; do
    read -r min max < <(png ink "$work/social-event-$lang.png" 146 476)
    near "$max" 1008 || fail "$lang event tile: title ends at x=$max, expected 1008 (mirrored)"
    [ "$min" -gt 80 ] || fail "$lang event tile: title starts at x=$min: not set from the right"
done
# The portal tile's yellow band lies along the start edge.
for lang in de ar fa; do
    start=$(png pixel "$work/social-portal-$lang.png" 10 500)
    end=$(png pixel "$work/social-portal-$lang.png" 1070 500)
    want_start="255 209 102" want_end="15 92 110"
    case $lang in ar | fa) want_start="15 92 110" want_end="255 209 102" ;; esac
    [ "$start $end" = "$want_start $want_end" ] ||
        fail "$lang portal tile: colours at the left and right edge are $start / $end, expected $want_start / $want_end"
done

# Reviewed reference images of the event tile (at 48 dpi: 540 x 540).
for lang in de ar fa; do
    name=social-event-$lang
    outreach render social-event --lang $lang --id $event --dpi 48 \
        -o "$work/$name-small.png" 2>/dev/null || { fail "$name: small render failed"; continue; }
    same_as_reference "$name" "$work/$name-small.png" "$references/$name.png"
done

# No QR code on a screen: the tile prints the page's address as text.
outreach render social-event --lang fa --id $event --format list -o - >"$work/list.txt"
grep -q '^  qr ' "$work/list.txt" && fail "the event tile carries a QR code"
grep -q 'text url .*www.thueringen-hilft.de' "$work/list.txt" ||
    fail "the event tile does not print the event's address"

# Screen products are not printed: the print-shop options are refused.
if outreach render social-event --lang de --id $event --print-shop -o "$work/x.png" 2>"$work/err"; then
    fail "render social-event --print-shop succeeded"
fi
grep -q 'error\[E911\]' "$work/err" || fail "no E911 for --print-shop on a tile: $(cat "$work/err")"
[ ! -e "$work/x.png" ] || fail "a refused render left x.png behind"

# A campaign makes them like the rest: PNGs at their sizes, the snippet
# beside the banner, even in a campaign for the print shop.
cat >"$work/social.yaml" <<'YAML'
name: social-test
output: "{layout}/{lang}/{record}.pdf"
print_shop: true
per_product: true
jobs:
  - layout: social-event
    records: {from: 2026-12-15, to: 2026-12-15}
    languages: [de, fa]
  - layout: email-signature
    languages: [ar]
  - layout: postcard
    languages: [de]
YAML
outreach batch "$work/social.yaml" -o "$work/batch" -j 1 --quiet 2>"$work/batch.err" ||
    fail "batch failed: $(cat "$work/batch.err")"
for lang in de fa; do
    f=$work/batch/social-event/$lang/$event.png
    [ -f "$f" ] || { fail "batch wrote no $f"; continue; }
    [ "$(png size "$f")" = "1080 1080" ] || fail "batch: $f is $(png size "$f") pixels"
done
[ "$(png size "$work/batch/email-signature/ar/email-signature.png" 2>/dev/null)" = "1200 400" ] ||
    fail "batch: no 1200x400 email-signature/ar/email-signature.png"
grep -q 'dir="rtl"' "$work/batch/email-signature/ar/email-signature.html" 2>/dev/null ||
    fail "batch: no right-to-left snippet beside the Arabic banner"
[ -f "$work/batch/postcard/de/postcard.pdf" ] || fail "batch: the postcard is no longer a PDF"
grep -q "social-event/fa/$event.png" "$work/batch/manifest.csv" ||
    fail "batch: manifest does not list social-event/fa/$event.png"
# One file per product joins the printed ones only: PNGs stay PNGs.
[ -f "$work/batch/per-product/postcard-de.pdf" ] ||
    fail "batch: no per-product/postcard-de.pdf"
ls "$work/batch/per-product" 2>/dev/null | grep -q 'social\|email' &&
    fail "batch: screen products joined into a per-product PDF: $(ls "$work/batch/per-product")"
# The print order is for the print shop: the postcard, not the tiles.
if [ -f "$work/batch/print-order.csv" ]; then
    grep -q 'postcard' "$work/batch/print-order.csv" ||
        fail "batch: the postcard is not in the print order"
    ! grep -q 'social-event\|email-signature' "$work/batch/print-order.csv" ||
        fail "batch: screen products in the print order: $(cat "$work/batch/print-order.csv")"
fi

finish
