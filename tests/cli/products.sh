# One product in one language, checked as the print shop and a reader would:
# page size (pdfinfo), every font embedded (pdffonts), a clean file
# (qpdf --check), and every QR code on every page decoding to exactly the
# URL it must open (zbarimg), each also a link in the PDF (pdfinfo -url).
#   products.sh LAYOUT LANG[,LANG2] [RECORD-ID]
. "$(dirname "$0")/lib.sh"

layout=${1:?layout}
langs=${2:?language}
id=${3:-}
lang=${langs%%,*}
base=https://www.thueringen-hilft.de
track="utm_source=$layout&utm_medium=print"

case "$layout" in
postcard) size=148x105 expected="$base/$lang/?$track" ;;
offer-flyer) size=148x210 expected="$base/$lang/angebote/$id?$track" ;;
event-poster) size=297x420 expected="$base/$lang/veranstaltungen/$id?$track" ;;
event-poster-a2) size=420x594 expected="$base/$lang/veranstaltungen/$id?$track" ;;
handout) size=210x297 expected="$base/$lang/orte/$id?$track" ;;
language-poster)
    size=297x420
    expected=$(outreach list languages | while read -r l _; do echo "$base/$l/?$track"; done)
    ;;
*) fail "no expectations for layout $layout" ;;
esac

pdf=$work/doc.pdf
args=(render "$layout" --lang "$langs" -o "$pdf")
[ -n "$id" ] && args+=(--id "$id")
outreach "${args[@]}" 2>"$work/stderr" || fail "render failed: $(cat "$work/stderr")"
grep -q 'error' "$work/stderr" && fail "render reported errors: $(cat "$work/stderr")"

# Every page the product's size (to 0.1 mm).
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
sizes=$(pdfinfo -f 1 -l "$pages" "$pdf" | awk '/^Page +[0-9]+ size:/ {
    printf "%.0fx%.0f\n", $4 * 25.4 / 72, $6 * 25.4 / 72 }' | sort -u)
[ "$sizes" = "$size" ] || fail "page sizes $sizes, expected $size mm"

not_embedded=$(pdffonts "$pdf" | tail -n +3 | awk 'NF && $(NF-4) != "yes"')
[ -z "$not_embedded" ] || fail "fonts not embedded: $not_embedded"
[ -n "$(pdffonts "$pdf" | tail -n +3)" ] || fail "no fonts"

qpdf_out=$(qpdf --check "$pdf" 2>&1) || fail "qpdf --check: $qpdf_out"
grep -q 'No syntax or stream encoding errors' <<<"$qpdf_out" ||
    fail "qpdf --check: $qpdf_out"

# Every QR code on every page, at a resolution a phone camera beats easily.
pdftoppm -png -r 200 "$pdf" "$work/page"
codes=$(for png in "$work"/page-*.png; do zbarimg -q --raw "$png" 2>/dev/null || true; done | sort)
want=$(sort <<<"$expected")
[ "$codes" = "$want" ] || fail "QR codes decode to:
$codes
expected:
$want"

# Each QR code is also a link to the same URL.
links=$(pdfinfo -url "$pdf" 2>/dev/null | awk 'NR > 1 {print $3}' | sort -u)
for url in $want; do
    grep -qxF "$url" <<<"$links" || fail "no link to $url (links: $links)"
done

finish
