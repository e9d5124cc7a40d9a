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
            event-poster:title) min=60 ;;
            event-poster:date | event-poster:time) min=36 ;;
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
sed -i '/^  info:/,/^  [a-z]*:$/{s/    size: 10$/    size: 8.5/; s/    min_size: 10$/    min_size: 8.5/}' \
    "$project/layouts/offer-flyer.yaml"
status=0
run render offer-flyer --lang de --id "$offer" -o "$work/f.pdf" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "a flyer with 8.5 pt body text was rendered"
grep -q 'error\[E403\]: frame "address", language de: style "info" is 8.5 pt, below the 9 pt minimum for body text on a flyer' "$work/err" ||
    fail "no E403 for 8.5 pt body text: $(head -3 "$work/err")"
[ ! -e "$work/f.pdf" ] || fail "render left a flyer below the minimum size"
cp "$SOURCE_DIR/layouts/offer-flyer.yaml" "$project/layouts/"

# Squeezing a frame makes its text shrink, and check says so.
sed -i 's/x: 12, y: 127, width: 124, height: 29}/x: 12, y: 127, width: 124, height: 24}/' \
    "$project/layouts/offer-flyer.yaml"
sed -i '/^  info:/,/^  [a-z]*:$/s/    min_size: 10$/    min_size: 9/' "$project/layouts/offer-flyer.yaml"
run check --fallback en >/dev/null 2>"$work/err" || true
grep -q 'warning\[E404\]: frame "hours", language de: text shrunk from 10 pt to' "$work/err" ||
    fail "no E404 for a squeezed frame: $(grep hours "$work/err" | head -3)"
cp "$SOURCE_DIR/layouts/offer-flyer.yaml" "$project/layouts/"

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
