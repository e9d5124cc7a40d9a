# PDF/X as the print shop's preflight sees it, for a postcard, a flyer and
# a handout in one language: the PDF/X version key and an output intent
# with an embedded CMYK profile (pdfinfo, qpdf), every font embedded
# (pdffonts), a clean file (qpdf --check), no RGB left, and Ghostscript's
# tiffsep separations: every pixel solid on the black plate (text, QR
# codes) has no cyan, magenta or yellow, and black overprints. The QR codes
# still decode (zbarimg on Ghostscript's rendering).
. "$(dirname "$0")/lib.sh"

lang=${1:?language code}
separations=$SOURCE_DIR/tests/tools/separations.py

check_pdfx() { # name, pdf, slug in pixels at 150 dpi (print-shop files)
    local name=$1 pdf=$2 slug=${3:-0} solid=0
    pdfinfo "$pdf" | grep -q '^PDF subtype: *PDF/X-3:2002$' ||
        fail "$name: no PDF/X-3 version key"
    qpdf_out=$(qpdf --check "$pdf" 2>&1) || fail "$name: qpdf --check: $qpdf_out"
    grep -q 'No syntax or stream encoding errors' <<<"$qpdf_out" ||
        fail "$name: qpdf --check: $qpdf_out"
    not_embedded=$(pdffonts "$pdf" | tail -n +3 | awk 'NF && $(NF-4) != "yes"')
    [ -z "$not_embedded" ] || fail "$name: fonts not embedded: $not_embedded"
    qpdf --qdf --object-streams=disable "$pdf" "$work/$name-qdf.pdf"
    local qdf=$work/$name-qdf.pdf
    grep -aq '/S /GTS_PDFX' "$qdf" || fail "$name: no PDF/X output intent"
    grep -aq '/DestOutputProfile' "$qdf" || fail "$name: no output profile"
    grep -aq '/OutputConditionIdentifier' "$qdf" ||
        fail "$name: no output condition identifier"
    # CMYK only: no RGB colour operators or spaces remain.
    if grep -aqE '(^| )(rg|RG)$|/DeviceRGB' "$qdf"; then
        fail "$name: RGB colour left"
    fi
    # Black overprints: a graphics state with op true and OPM 1.
    grep -aq '/OPM 1' "$qdf" && grep -aq '/op true' "$qdf" ||
        fail "$name: black does not overprint"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    for page in $(seq 1 "$pages"); do
        rm -f "$work"/sep*
        gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=tiffsep -sCompression=none \
            -r150 -dOverprint=/disable -dFirstPage="$page" -dLastPage="$page" \
            -sOutputFile="$work/sep.tif" "$pdf" ||
            fail "$name: tiffsep cannot separate page $page"
        counts=$(python3 "$separations" "$work/sep" "$slug") ||
            fail "$name page $page: solid black pixels, with other inks: $counts"
        solid=$((solid + ${counts%% *}))
    done
    # Text and codes are there to be checked: some solid black in all.
    [ "$solid" -gt 1000 ] || fail "$name: only $solid solid black pixels"
}

# The URL every code of the document must decode to.
codes_decode() { # name, pdf, expected url prefix
    gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r300 \
        -sOutputFile="$work/$1-%d.png" "$2" || fail "$1: gs cannot render"
    codes=$(zbarimg -q --raw "$work/$1"-*.png 2>/dev/null || true)
    case "$codes" in
    "$3"*) ;;
    *) fail "$1: QR code decodes to '$codes', expected '$3...'" ;;
    esac
}

base=https://www.thueringen-hilft.de/$lang
outreach render postcard --lang "$lang" --pdfx -o "$work/postcard.pdf"
check_pdfx postcard "$work/postcard.pdf"
codes_decode postcard "$work/postcard.pdf" "$base/?utm_source=postcard"
outreach render offer-flyer --id erfurt-migrationsberatung-nord --lang "$lang" \
    --pdfx --print-shop -o "$work/flyer.pdf"
check_pdfx flyer "$work/flyer.pdf" 60 # 10 mm
# Print-shop boxes survive the conversion.
trim=$(pdfinfo -box "$work/flyer.pdf" | awk '$1 == "TrimBox:" { printf "%.1f %.1f", ($4-$2)*25.4/72, ($5-$3)*25.4/72 }')
[ "$trim" = "148.0 210.0" ] || fail "flyer: TrimBox $trim mm, expected A5"
codes_decode flyer "$work/flyer.pdf" "$base/angebote/erfurt-migrationsberatung-nord"
handout_lang=$lang
[ "$lang" = de ] && handout_lang=ar,de
outreach render handout --id erfurt-gu-ringelberg --lang "$handout_lang" \
    --pdfx -o "$work/handout.pdf"
check_pdfx handout "$work/handout.pdf"

# PDF/X is for the print shop: not with office sheets or other formats.
if outreach render postcard --lang "$lang" --pdfx --sheet A4 \
    -o "$work/sheet.pdf" 2>"$work/err"; then
    fail "--pdfx with --sheet A4 was accepted"
fi
grep -q 'error\[E910\]' "$work/err" || fail "--pdfx --sheet: $(cat "$work/err")"

finish
