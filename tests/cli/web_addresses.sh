# Web addresses as QR codes and PDF links carry them: a base_url with an
# umlaut in the host (https://www.thüringen-hilft.de) goes through IDNA, so
# zbarimg reads the punycode host a phone can open, the PDF link holds the
# same, the path is percent-encoded, and the printed address stays
# readable. A URL template that gives no web address is refused.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
sed -i 's|^base_url: .*|base_url: https://www.thüringen-hilft.de/über|' \
    "$project/content/site.yaml"
run() { (cd "$project" && "$OUTREACH" "$@"); }

run render postcard --lang de -o "$work/postcard.pdf" 2>"$work/err.txt" ||
    fail "render: $(cat "$work/err.txt")"
url="https://www.xn--thringen-hilft-hsb.de/%C3%BCber/de/?utm_source=postcard&utm_medium=print"
pdftoppm -png -r 300 -f 2 -l 2 "$work/postcard.pdf" "$work/page"
codes=$(zbarimg -q --raw "$work"/page-*2.png || true)
[ "$codes" = "$url" ] || fail "QR code decodes to '$codes', expected '$url'"
links=$(pdfinfo -url "$work/postcard.pdf" | awk 'NR > 1 {print $3}' | sort -u)
[ "$links" = "$url" ] || fail "PDF links: '$links', expected '$url'"
printed=$(pdftotext "$work/postcard.pdf" - | plain_text)
grep -qF "www.thüringen-hilft.de/über/de" <<<"$printed" ||
    fail "the printed address is not the readable one: $printed"
grep -qF "xn--" <<<"$printed" && fail "punycode printed: $printed"

# Templates are checked after expansion, with the site's base URL.
sed -i 's|^  site: .*|  site: "javascript:alert(1)//{lang}"|' "$project/content/site.yaml"
status=0
run check >/dev/null 2>"$work/err.txt" || status=$?
[ "$status" = 1 ] || fail "javascript: template: check exited with $status"
grep -qF 'error[E218]: the site page'"'"'s template gives "javascript:alert(1)//de"' \
    "$work/err.txt" || fail "javascript: template: $(cat "$work/err.txt")"

finish
