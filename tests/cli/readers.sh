# What people get when they copy, search or hear the Arabic and Farsi
# material: the words pdftotext (poppler: Evince, Okular), pdf.js
# (Firefox), PDFium (Chrome, Android) and MuPDF 1.28 extract from the ar and
# fa postcards and the Arabic handout, compared with the words set
# (lam-alef ligatures and Farsi words with a zero-width non-joiner counted
# apart). The floors are well above what these readers got before outreach
# wrote its own glyph runs (docs/text.md has the figures); a reader falling
# below one fails the test and prints the words it missed. A German and a
# Russian document keep every reader at 99 % or more.
#
# Needs node and the readers installed by `npm ci` in tests/node.
. "$(dirname "$0")/lib.sh"

node_dir=$SOURCE_DIR/tests/node
if [ ! -d "$node_dir/node_modules/pdfjs-dist" ]; then
    echo "tests/node has no node_modules: run npm ci there" >&2
    exit 1
fi

shelter=erfurt-gu-ringelberg
render() { # NAME LAYOUT LANG [ID]
    local args=(render "$2" --lang "$3")
    [ -n "${4:-}" ] && args+=(--id "$4")
    outreach "${args[@]}" -o "$work/$1.pdf" 2>/dev/null || fail "$1: render failed"
    outreach "${args[@]}" --format list -o "$work/$1.txt" 2>/dev/null ||
        fail "$1: list failed"
}
render postcard-ar postcard ar
render postcard-fa postcard fa
render handout-ar handout ar "$shelter"
render postcard-de postcard de
render handout-ru handout ru "$shelter"

# READER:ALL:LAM-ALEF:ZWNJ, percent of words that come back exactly.
node "$node_dir/words.mjs" \
    --floor poppler:78:95:0 --floor pdfjs:90:90:0 \
    --floor pdfium:95:95:0 --floor mupdf:80:95:0 \
    "$work/postcard-ar" "$work/postcard-fa" "$work/handout-ar" ||
    fail "Arabic and Farsi words lost by a reader"
node "$node_dir/words.mjs" \
    --floor poppler:99:0:0 --floor pdfjs:99:0:0 \
    --floor pdfium:99:0:0 --floor mupdf:99:0:0 \
    "$work/postcard-de" "$work/handout-ru" ||
    fail "German and Russian words lost by a reader"
finish
