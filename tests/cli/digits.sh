# One digit rule per document: site.yaml chooses per language which digits
# dates, times, distances and counts use, and every such number on an
# Arabic poster and flyer follows it, the counts typed into the text too;
# phone numbers, postcodes and house numbers stay in Latin digits (dialled,
# and what is on the sign). Checked with pdftotext, as a reader gets it.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8 # grep -P reads UTF-8

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$project/content"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
ln -s "$SOURCE_DIR/layouts" "$project/layouts"

# A digit of each kind in TEXT: "latin", "arabic" (Arabic-Indic) or
# "persian"; "mixed" or "none" otherwise.
digits_of() {
    local latin=0 arabic=0 persian=0
    printf '%s' "$1" | grep -qP '[0-9]' && latin=1
    printf '%s' "$1" | grep -qP '[\x{660}-\x{669}]' && arabic=1
    printf '%s' "$1" | grep -qP '[\x{6F0}-\x{6F9}]' && persian=1
    case "$latin$arabic$persian" in
    100) echo latin ;;
    010) echo arabic ;;
    001) echo persian ;;
    000) echo none ;;
    *) echo mixed ;;
    esac
}

# expect WHAT TEXT DIGITS
expect() {
    local got
    got=$(digits_of "$2")
    [ "$got" = "$3" ] || fail "$choice: $1 in $got digits, not $3: $2"
}

# Digits of either kind.
d='[0-9\x{660}-\x{669}]'
# Opening hours and event times: "10:00–15:00", or in Arabic-Indic digits
# whole hours as "١٠–١٥" (their zeros and colon would read as a row of
# dots).
hours_range="$d{1,2}(:$d{2})?\x{2013}$d{1,2}(:$d{2})?"

site=$project/content/site.yaml
cp "$site" "$work/site.yaml"
for choice in latin arabic-indic default; do
    # The Arabic entry without its digits, then with the choice.
    sed '/^  - code: ar$/,/^  - code/{/^    digits:/d}' "$work/site.yaml" >"$site"
    grep -q '^    digits: arabic-indic' "$site" && fail "could not unset digits"
    if [ "$choice" != default ]; then
        sed -i "s/^    name: العربية\$/&\n    digits: $choice/" "$site"
        grep -q "digits: $choice" "$site" || fail "could not set digits"
    fi
    want=latin
    [ "$choice" = latin ] || want=arabic
    (cd "$project" && "$OUTREACH" render event-poster \
        --id jena-jobmesse-2027-02 --lang ar -o "$work/poster.pdf") ||
        fail "$choice: poster not rendered"
    (cd "$project" && "$OUTREACH" render offer-flyer \
        --id erfurt-migrationsberatung-nord --lang ar -o "$work/flyer.pdf") ||
        fail "$choice: flyer not rendered"
    poster=$(pdftotext -layout "$work/poster.pdf" - | plain_text)
    flyer=$(pdftotext -layout "$work/flyer.pdf" - | plain_text)

    # Date ("الخميس، ١٨ فبراير ٢٠٢٧"), time, and the count typed into the
    # event's text ("نحو 40 شركة" in content/events.yaml).
    expect date "$(printf '%s' "$poster" | grep -oP "الخميس.{0,30}$d{4}")" "$want"
    # The event's time follows the opening hours' rule.
    expect time "$(printf '%s' "$poster" | grep -oP "$hours_range")" "$want"
    expect count "$(printf '%s' "$poster" | grep -o 'نحو [^ ]*')" "$want"
    # Opening hours on the flyer.
    expect hours "$(printf '%s' "$flyer" | grep -oP "$hours_range")" "$want"
    if [ "$want" = arabic ]; then
        printf '%s' "$flyer" | grep -qP '\x{660}\x{660}' &&
            fail "$choice: Arabic hours with :٠٠ (a row of dots)"
        printf '%s' "$poster" | grep -qP ':\x{660}\x{660}' &&
            fail "$choice: the event's time with :٠٠ (a row of dots)"
    fi
    # Always Latin: postcode and house number, phone number.
    expect address "$(printf '%s' "$poster" | grep -o 'Carl-Zeiß-Platz [^ ]* [^ ]* Jena')" latin
    expect address "$(printf '%s' "$flyer" | grep -o 'Magdeburger Allee [^ ]* [^ ]* Erfurt')" latin
    expect phone "$(printf '%s' "$flyer" | grep -o '+49 361 5550210')" latin
done
finish
