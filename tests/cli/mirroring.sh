# Layouts mirror for right-to-left languages, checked from the positions of
# the printed words (pdftotext -bbox), not by eye: the poster's title starts
# 20 mm from the left in German and ends 20 mm from the right in Arabic; on
# the language poster each tile follows its own language (Deutsch at the
# tile's left, العربية at its right); the handout's first category header
# sits in the right-hand column in Farsi.
. "$(dirname "$0")/lib.sh"

event=erfurt-sprachcafe-winterabend-2026-12
outreach render event-poster --lang de --id $event -o "$work/poster-de.pdf"
outreach render event-poster --lang ar --id $event -o "$work/poster-ar.pdf"
outreach render language-poster --lang de -o "$work/languages.pdf"
outreach render handout --lang fa --id erfurt-gu-ringelberg -o "$work/handout.pdf" 2>/dev/null

# words FILE: "xmin ymin xmax ymax word" in mm, one a line (page 1)
words() {
    pdftotext -bbox -f 1 -l 1 "$1" - 2>/dev/null |
        sed -n 's/.*<word xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p' |
        awk '{ printf "%.1f %.1f %.1f %.1f %s\n", $1*25.4/72, $2*25.4/72, $3*25.4/72, $4*25.4/72, $5 }'
}
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 1.0 && d > -1.0) }'; }

# The title is the only text over 15 mm tall.
title_left=$(words "$work/poster-de.pdf" | awk '$4 - $2 > 15 { if (!n++ || $1 < m) m = $1 } END { print m }')
title_right=$(words "$work/poster-ar.pdf" | awk '$4 - $2 > 15 { if ($3 > m) m = $3 } END { print m }')
near "$title_left" 20 || fail "German poster title starts at $title_left mm, expected 20"
near "$title_right" 277 || fail "Arabic poster title ends at $title_right mm, expected 277"

deutsch=$(words "$work/languages.pdf" | awk '$5 == "Deutsch" && !n++ { print $1 }')
# pdftotext gives Arabic letter by letter: the name is what lies in the
# second row's name line (y 160 to 170 mm) of the left column.
arabic=$(words "$work/languages.pdf" | awk '$2 > 160 && $2 < 170 && $3 < 148 { if ($3 > m) m = $3 } END { print m }')
near "$deutsch" 21 || fail "Deutsch tile name starts at $deutsch mm, expected 21"
near "$arabic" 136.5 || fail "Arabic tile name ends at $arabic mm, expected 136.5"

# Farsi handout: the list's first header (y = 78 to 80 mm) is in the right column
# (109 to 196 mm), its text ending near the icon at the column's right.
first_header=$(words "$work/handout.pdf" | awk '$2 > 75.5 && $2 < 80.5 { if ($3 > m) m = $3 } END { print m }')
awk -v x="$first_header" 'BEGIN { exit !(x > 150 && x < 196) }' ||
    fail "first category header of the Farsi handout ends at $first_header mm: not in the right column"

finish
