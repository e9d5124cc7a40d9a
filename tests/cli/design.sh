# The house style holds for the example content: `check` lays out every
# layout x language x record and reports no text that shrank (E404) and no
# size below its product class's minimum (E403); the display lists show the
# minimum sizes of docs/design.md (flyer and handout body text >= 9 pt,
# >= 10 pt in Arabic script; A3 poster title >= 60 pt, date and time
# >= 36 pt) for every product x language. Then the rules bite: a style set
# below its minimum, an unknown theme colour, and a site colour that
# replaces the theme's.
. "$(dirname "$0")/lib.sh"

status=0
outreach check --fallback en >"$work/check.txt" 2>"$work/check.err" || status=$?
[ "$status" = 0 ] || fail "check failed: $(grep error "$work/check.err" | head -5)"
if grep -E 'E40[34]' "$work/check.err" | head -5 | grep .; then
    fail "the example content shrinks text or breaks a minimum size"
fi

first_id() { outreach list "$1" | awk -F'\t' 'NR == 1 {print $1}'; }
offer=$(first_id offers)
event=$(first_id events)
shelter=$(first_id shelters)

# sizes LAYOUT LANG ID: "FRAME LANG SIZE" for every text item.
sizes() {
    outreach render "$1" --lang "$2" --id "$3" --fallback en --format list -o - 2>/dev/null |
        awk '$1 == "text" {
            lang = ""; size = ""
            for (i = 3; i <= NF; i++) {
                if ($i ~ /^lang=/) lang = substr($i, 6)
                if ($i ~ /^size=/) size = substr($i, 6)
            }
            print $2, lang, size
        }'
}
arabic_script() { case "$1" in ar | fa | ur | ps | ckb) return 0 ;; esac; return 1; }

while IFS=$'\t' read -r lang _; do
    langs=$lang
    for layout in offer-flyer handout event-poster; do
        case $layout in
        offer-flyer) id=$offer ;;
        handout) id=$shelter langs="$lang,de" ;;
        event-poster) id=$event ;;
        esac
        [ "$langs" = de,de ] && langs=de
        sizes "$layout" "$langs" "$id" >"$work/sizes.txt"
        [ -s "$work/sizes.txt" ] || fail "$layout $langs: no text laid out"
        while read -r frame text_lang size; do
            min=0
            case $layout:$frame in
            *:imprint | *:portal | *:page | event-poster:*) ;;
            *) if arabic_script "$text_lang"; then min=10; else min=9; fi ;;
            esac
            case $layout:$frame in
            event-poster:title | event-poster:title2) min=60 ;;
            event-poster:date* | event-poster:time*) min=36 ;;
            esac
            awk -v s="$size" -v m="$min" 'BEGIN {exit !(s + 0.001 < m)}' &&
                fail "$layout $langs: $frame ($text_lang) at $size pt, below $min pt"
        done <"$work/sizes.txt"
    done
done < <(outreach list languages)

# The rules bite, in a copy of the project.
project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
run() { (cd "$project" && "$OUTREACH" "$@"); }

# A body style below the flyer's minimum is refused, naming the rule.
sed -i '/^  info:/,/^  [a-z]*:$/{s/    size: 11$/    size: 8.5/; s/    min_size: 9$/    min_size: 8.5/}' \
    "$project/layouts/offer-flyer.yaml"
status=0
run render offer-flyer --lang de --id "$offer" -o "$work/f.pdf" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "a flyer with 8.5 pt body text was rendered"
grep -q 'error\[E403\]: frame "address", language de: style "info" is 8.5 pt, below the 9 pt minimum for body text on a flyer' "$work/err" ||
    fail "no E403 for 8.5 pt body text: $(head -3 "$work/err")"
[ ! -e "$work/f.pdf" ] || fail "render left a flyer below the minimum size"
cp "$SOURCE_DIR/layouts/offer-flyer.yaml" "$project/layouts/"

# The flyer's frames flow: a heading only where there is data under it, and
# a long description pushes the hours down instead of shrinking.
list_of() { outreach render offer-flyer --lang de --id "$1" --format list -o - 2>/dev/null; }
offer_y() { awk -v f="$2" '$1 == "text" && $2 == f {sub(/^y=/, "", $4); print $4}' "$1"; }
list_of erfurt-konfliktlotsen | grep -q '^  text hours-label .*"Öffnungszeiten"' ||
    fail "the flyer of an offer by appointment has no hours heading"
sed -i '/^- id: erfurt-konfliktlotsen$/,/^- id:/{/^  by_appointment: true$/d}' \
    "$project/content/offers.yaml"
run render offer-flyer --lang de --id erfurt-konfliktlotsen --format list -o - \
    >"$work/nohours.txt" 2>"$work/err" || fail "no flyer without hours: $(head -3 "$work/err")"
grep -q '^  text hours-label ' "$work/nohours.txt" &&
    fail "the flyer of an offer without hours has an hours heading"
grep -q '^  text contact-label ' "$work/nohours.txt" ||
    fail "the flyer lost its contact heading: $(head -12 "$work/nohours.txt")"
cp "$SOURCE_DIR/content/offers.yaml" "$project/content/"
list_of "$offer" >"$work/short.txt"
sed -i "0,/^    de: \"/s//    de: \"$(printf 'Lange Beschreibung mit vielen Worten. %.0s' 1 2 3 4 5 6)/" \
    "$project/content/offers.yaml"
run render offer-flyer --lang de --id "$offer" --format list -o - 2>"$work/err" >"$work/long.txt" ||
    fail "a longer description broke the flyer: $(head -3 "$work/err")"
grep -q 'E404' "$work/err" && fail "a longer description shrank text: $(grep E404 "$work/err" | head -2)"
short=$(offer_y "$work/short.txt" hours)
long=$(offer_y "$work/long.txt" hours)
awk -v a="$short" -v b="$long" 'BEGIN {exit !(b > a + 5)}' ||
    fail "the hours did not move down under a longer description ($short -> $long mm)"
cp "$SOURCE_DIR/content/offers.yaml" "$project/content/"

# Squeezing the stack makes its text shrink, and check says so.
sed -i '/name: content$/,/height:/s/        height: 134$/        height: 60/' \
    "$project/layouts/offer-flyer.yaml"
run check --fallback en --layout offer-flyer --lang de >/dev/null 2>"$work/err" || true
grep -q 'warning\[E404\]: frame "[a-z-]*", language de: text shrunk from' "$work/err" ||
    fail "no E404 for a squeezed stack: $(grep -v E226 "$work/err" | head -3)"
cp "$SOURCE_DIR/layouts/offer-flyer.yaml" "$project/layouts/"

# Bilingual flyers print at the styles' sizes too.
for id in $(outreach list offers | awk -F'\t' 'NR % 9 == 1 {print $1}'); do
    for langs in ar,de fa,de; do
        outreach render offer-flyer --lang "$langs" --id "$id" --fallback en \
            --format list -o /dev/null 2>"$work/err" || fail "offer-flyer $langs $id: $(head -2 "$work/err")"
        ! grep -E 'E40[234]' "$work/err" | head -2 | grep . ||
            fail "offer-flyer $langs $id shrinks text"
    done
done

# A colour name the theme does not have.
sed -i 's/fill: rule}/fill: rules}/' "$project/layouts/offer-flyer.yaml"
run check --fallback en >/dev/null 2>"$work/err" && fail "check passed an unknown theme colour"
grep -q 'error\[E301\]: "fill" must be a colour like "#1a6b8f" or one of the theme.s (ink, primary' "$work/err" ||
    fail "no E301 for an unknown colour: $(head -3 "$work/err")"
cp "$SOURCE_DIR/layouts/offer-flyer.yaml" "$project/layouts/"

# The site's colours replace the theme's.
printf '\ncolors:\n  primary: "#8a1538"\n' >>"$project/content/site.yaml"
run render offer-flyer --lang de --id "$offer" --format list -o - 2>/dev/null |
    grep -q '^  rect footer .* fill=#8a1538' ||
    fail "the site's primary colour did not reach the flyer's footer"

finish
