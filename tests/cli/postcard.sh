# One language's postcard, checked as the print shop and a reader would:
#   pages and page size (pdfinfo), every font embedded (pdffonts), a clean
#   file (qpdf --check), the QR code in vector form decoding to the exact
#   URL (zbarimg, on poppler's and Ghostscript's rendering), and
#   the QR area and printed address as links to that URL (pdfinfo -url).
. "$(dirname "$0")/lib.sh"

lang=${1:?language code}
pdf=$work/postcard-$lang.pdf
url="https://www.thueringen-hilft.de/$lang/?utm_source=postcard&utm_medium=print"

outreach render postcard --lang "$lang" -o "$pdf"

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" = 2 ] || fail "expected 2 pages, got $pages"

# Every page 148 x 105 mm (to 0.1 mm).
sizes=$(pdfinfo -f 1 -l 2 "$pdf" | awk '/^Page +[0-9]+ size:/ {
    printf "%.1fx%.1f\n", $4 * 25.4 / 72, $6 * 25.4 / 72 }')
[ "$sizes" = $'148.0x105.0\n148.0x105.0' ] || fail "page sizes: $sizes"

# pdffonts: name, type (one or two words), encoding, emb, sub, uni, object ID.
fonts=$(pdffonts "$pdf" | tail -n +3)
[ -n "$fonts" ] || fail "no fonts listed"
not_embedded=$(printf '%s\n' "$fonts" | awk 'NF && $(NF-4) != "yes"')
[ -z "$not_embedded" ] || fail "fonts not embedded: $not_embedded"

if ! qpdf_out=$(qpdf --check "$pdf" 2>&1); then
    fail "qpdf --check: $qpdf_out"
fi
grep -q 'No syntax or stream encoding errors' <<<"$qpdf_out" ||
    fail "qpdf --check: $qpdf_out"

# The back carries exactly one QR code, the front none.
pdftoppm -png -r 300 "$pdf" "$work/page"
codes=$(zbarimg -q --raw "$work/page-2.png" || true)
[ "$codes" = "$url" ] || fail "QR code on the back decodes to '$codes', expected '$url'"
if zbarimg -q --raw "$work/page-1.png" >/dev/null 2>&1; then
    fail "unexpected QR code on the front"
fi
# The same through Ghostscript, which CUPS prints PDFs with, at a printer's
# 600 dpi: a second renderer must read the same code.
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r600 -dFirstPage=2 -dLastPage=2 \
    -sOutputFile="$work/gs-back.png" "$pdf" || fail "gs cannot render the card"
codes=$(zbarimg -q --raw "$work/gs-back.png" || true)
[ "$codes" = "$url" ] || fail "QR code through Ghostscript decodes to '$codes', expected '$url'"

# The code is vector, never an image (print preflight flags one-bit images
# below 550 ppi): no image anywhere, and the back draws it as the one glyph
# of its own embedded font, whose outline is the dark modules.
images=$(pdfimages -list "$pdf" | tail -n +3)
[ -z "$images" ] || fail "images in the card: $images"
qr_fonts=$(pdffonts -f 2 -l 2 "$pdf" | awk '$1 ~ /OutreachQRCode$/ {print $(NF-4)}')
[ "$qr_fonts" = yes ] || fail "the back has no embedded QR code outline: '$qr_fonts'"
qr_front=$(pdffonts -f 1 -l 1 "$pdf" | grep -c OutreachQRCode || true)
[ "$qr_front" = 0 ] || fail "QR code outline on the front"
# The code's glyph carries no text: copying the back gives words only.
case "$(pdftotext -f 2 -l 2 "$pdf" - 2>/dev/null)" in
*$'\ufffd'*) fail "the QR code reads as a replacement character" ;;
esac

# The front's headline comes back word by word as a reader copies it
# (pdftotext), in the language's own letters: the words of the headline as
# set (the display list), without their punctuation.
headline=$(outreach render postcard --lang "$lang" --format list -o - 2>/dev/null |
    sed -n 's/^  text headline .* color=[^ ]* "\(.*\)"$/\1/p' |
    sed 's/<[A-Z]*>//g; s/\xc2\xa0/ /g; s/[!?.,،:¡]//g')
[ -n "$headline" ] || fail "no headline in the display list"
front=$(pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null | plain_text)
for word in $headline; do
    case " $front " in
    *"$word"*) ;;
    *) fail "headline word '$word' not in the front's text: $front" ;;
    esac
done

# Two links on the back (the QR code and the printed address), both to URL.
links=$(pdfinfo -url "$pdf" 2>/dev/null | awk 'NR > 1 {print $1, $3}')
[ "$links" = "2 $url"$'\n'"2 $url" ] || fail "links: $links"

finish
