# What a reader and a screen reader get from the postcards: headlines in
# logical order (pdftotext), Persian letters in Farsi, the web address whole
# inside right-to-left text, the card mirrored for Arabic (positions from
# pdftotext -bbox), the document title, the campaign parameter, and
# byte-identical rebuilds under SOURCE_DATE_EPOCH.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1700000000
umask 022
for lang in de ar fa ru; do
    outreach render postcard --lang "$lang" -o "$work/$lang.pdf"
done

headline() { pdftotext -f 1 -l 1 "$work/$1.pdf" - 2>/dev/null | plain_text; }
back() { pdftotext -f 2 -l 2 "$work/$1.pdf" - 2>/dev/null | plain_text; }

expect_contains() { # what, haystack, needle
    case "$2" in
    *"$3"*) ;;
    *) fail "$1: '$3' not found in '$2'" ;;
    esac
}

expect_contains "Arabic headline" "$(headline ar)" "مرحبا بكم في تورينغن!"
expect_contains "Farsi headline" "$(headline fa)" "به تورینگن خوش آمدید!"
expect_contains "Russian headline" "$(headline ru)" "Добро пожаловать в Тюрингию!"
expect_contains "German headline" "$(headline de)" "Willkommen in Thüringen!"

# Farsi is written with Persian yeh and kaf (U+06CC, U+06A9), never the
# Arabic ones (U+064A, U+0643). The list of the portal's languages is left
# out: it names Arabic in Arabic.
fa_text="$(headline fa) $(pdftotext -f 2 -l 2 "$work/fa.pdf" - 2>/dev/null | grep -v Deutsch)"
expect_contains "Farsi yeh" "$fa_text" $'\u06cc'
expect_contains "Farsi kaf" "$fa_text" $'\u06a9'
case "$fa_text" in
*$'\u064a'* | *$'\u0643'*) fail "Farsi text contains Arabic yeh or kaf" ;;
esac

# The address reads whole, left to right, in Arabic and Farsi.
expect_contains "Arabic web address" "$(back ar)" "www.thueringen-hilft.de/ar"
expect_contains "Farsi web address" "$(back fa)" "www.thueringen-hilft.de/fa"

# Mirroring: the headline (the only text over 25 pt tall) starts 16 mm from
# the start edge: the left edge in German, the right edge in Arabic and Farsi.
# Glyph side bearings allow 2 pt.
headline_edges() { # prints "xmin xmax" of the headline's words, in mm
    pdftotext -bbox -f 1 -l 1 "$work/$1.pdf" - 2>/dev/null |
        sed -n 's/.*<word xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)".*/\1 \2 \3 \4/p' |
        awk '$4 - $2 > 25 { if (!n++ || $1 < lo) lo = $1; if ($3 > hi) hi = $3 }
             END { printf "%.1f %.1f\n", lo * 25.4 / 72, hi * 25.4 / 72 }'
}
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 0.8 && d > -0.8) }'; }
read -r de_left de_right <<<"$(headline_edges de)"
read -r ar_left ar_right <<<"$(headline_edges ar)"
read -r fa_left fa_right <<<"$(headline_edges fa)"
near "$de_left" 16 || fail "German headline starts at ${de_left} mm, expected 16 mm from the left"
near "$ar_right" 132 || fail "Arabic headline ends at ${ar_right} mm, expected 132 mm (16 mm from the right)"
near "$fa_right" 132 || fail "Farsi headline ends at ${fa_right} mm, expected 132 mm"
# Left-aligned, it would start at the frame's left edge, 12 mm.
awk -v l="$ar_left" 'BEGIN { exit !(l > 14) }' || fail "Arabic headline reaches ${ar_left} mm: not right-aligned"

# Document metadata.
title=$(pdfinfo "$work/ar.pdf" | sed -n 's/^Title: *//p')
[ "$title" = "بطاقة بريدية – Thüringen hilft" ] || fail "Arabic title: $title"
created=$(pdfinfo -isodates "$work/de.pdf" | sed -n 's/^CreationDate: *//p')
[ "$created" = "2023-11-14T22:13:20Z" ] ||
    fail "creation date $created does not follow SOURCE_DATE_EPOCH"

# Files are created like any other: readable by others under umask 022 (the
# temporary file they are written to is private until it is complete).
mode=$(stat -c %a "$work/de.pdf")
[ "$mode" = 644 ] || fail "output file mode $mode, expected 644 under umask 022"

# Same input, same bytes.
outreach render postcard --lang fa -o "$work/fa-again.pdf"
cmp -s "$work/fa.pdf" "$work/fa-again.pdf" || fail "rebuild is not byte-identical"

# A campaign goes into the QR code's tracking parameters.
outreach render postcard --lang de --campaign "Herbst 2026" -o "$work/campaign.pdf"
pdftoppm -png -r 300 -f 2 -l 2 "$work/campaign.pdf" "$work/campaign"
code=$(zbarimg -q --raw "$work"/campaign-*.png || true)
[ "$code" = "https://www.thueringen-hilft.de/de/?utm_source=postcard&utm_medium=print&utm_campaign=Herbst%202026" ] ||
    fail "campaign QR code: $code"

finish
