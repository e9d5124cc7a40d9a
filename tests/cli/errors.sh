# Mistakes users make, each with the exact message they get, a non-zero exit
# status, and no file (not even a partial or temporary one) left behind.
. "$(dirname "$0")/lib.sh"

project=$work/project
make_project() { # a fresh copy of the example project to break
    rm -rf "$project"
    mkdir -p "$project"
    cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
    ln -s "$SOURCE_DIR/fonts" "$project/fonts"
}

out=$work/out
mkdir -p "$out"

# Where the layout uses a phrase or data: "layouts/postcard.yaml:LINE:COL".
at() { echo "layouts/postcard.yaml:$(pos_of "$project/layouts/postcard.yaml" "\"{$1}\"")"; }

# LINE:COL of the first occurrence of the fixed string S in FILE (after
# skipping lines up to the first match of AFTER, if given), so that messages
# are checked exactly without tying the test to today's line numbers.
pos_of() { # FILE S [AFTER]
    awk -v s="$2" -v after="${3:-}" '
        after != "" && !started { if (index($0, after)) started = 1; else next }
        index($0, s) { print NR ":" index($0, s); exit }' "$1"
}

# expect STATUS MESSAGE -- ARGS...: runs outreach in the broken project and
# checks its exit status, its whole stderr, and that OUT stayed empty.
expect() {
    local status=$1 message=$2
    shift 3
    local actual=0
    (cd "$project" && "$OUTREACH" "$@") >"$work/stdout" 2>"$work/stderr" || actual=$?
    [ "$actual" = "$status" ] || fail "$*: exit status $actual, expected $status"
    local got
    got=$(cat "$work/stderr")
    [ "$got" = "$message" ] || fail "$*: message
  got:      $got
  expected: $message"
    if [ -n "$(ls -A "$out")" ]; then
        fail "$*: left files behind: $(ls -A "$out")"
        rm -f "$out"/* "$out"/.[!.]*
    fi
}

make_project
expect 1 'outreach: error[E904]: the site has no language "xx" (it has: de, en, ar, fa, fr, es, ru, uk, tr, kmr, ps, prs, ti)' \
    -- render postcard --lang xx -o "$out/x.pdf"
layouts=$(cd "$SOURCE_DIR" && "$OUTREACH" list layouts | cut -f1 | paste -sd, | sed 's/,/, /g')
expect 1 "outreach: error[E902]: no layout \"postkarte\" (there are: $layouts)" \
    -- render postkarte --lang de -o "$out/x.pdf"
expect 1 'outreach: error[E905]: layout "postcard" is about the whole site; it takes no --id' \
    -- render postcard --lang de --id erfurt -o "$out/x.pdf"
expect 1 'outreach: error[E906]: layout "offer-flyer" is made for one offer: name it with --id ("outreach list offers" shows them)' \
    -- render offer-flyer --lang de -o "$out/x.pdf"
expect 1 'outreach: error[E903]: layout "postcard" is printed in one language at a time (give one code to --lang)' \
    -- render postcard --lang de,ar -o "$out/x.pdf"
expect 2 "outreach: error[E901]: --format takes pdf, png, svg or list, not \"docx\"
Try 'outreach --help'." \
    -- render postcard --lang de --format docx -o "$out/x.pdf"
expect 2 "outreach: error[E901]: render needs --lang CODE
Try 'outreach --help'." \
    -- render postcard -o "$out/x.pdf"
expect 1 "$work/nowhere/x.pdf: error[E501]: cannot create the file: No such file or directory" \
    -- render postcard --lang de -o "$work/nowhere/x.pdf"

# A YAML syntax error, with line and column, its cause and its fix.
make_project
sed -i 's/^    name: English$/    name: English: UK/' "$project/content/site.yaml"
expect 1 "content/site.yaml:$(grep -n 'name: English: UK' "$project/content/site.yaml" | cut -d: -f1):18: error[E122]: a colon followed by a space in text that is not in quotes; put the text in quotes: name: \"English: UK\"" \
    -- render postcard --lang de -o "$out/x.pdf"

# A misspelt key and a bad colour in a layout: both reported at once.
make_project
sed -i '0,/        width: 148/s//        widht: 148/; s/fill: "#ffd166"/fill: "#ffd16"/' "$project/layouts/postcard.yaml"
expect 1 "layouts/postcard.yaml:$(pos_of "$project/layouts/postcard.yaml" widht): error[E110]: unknown key \"widht\" in a frame; did you mean \"width\"?
layouts/postcard.yaml:$(pos_of "$project/layouts/postcard.yaml" 'type: rect'): error[E111]: a frame has no \"width\"
layouts/postcard.yaml:$(pos_of "$project/layouts/postcard.yaml" '"#ffd16"'): error[E301]: \"fill\" must be a colour like \"#1a6b8f\", not \"#ffd16\"" \
    -- render postcard --lang de -o "$out/x.pdf"

# A missing phrase names the language and the file to add it to.
make_project
sed -i '/^  scan:/d' "$project/content/strings/fa.yaml"
expect 1 "$(at postcard.scan): error[E223]: no phrase \"postcard.scan\" in language fa (add it to strings/fa.yaml)" \
    -- render postcard --lang fa -o "$out/x.pdf"

# Text that cannot fit even at the style's minimum size is an error, not
# clipped: the message names frame, language and text.
make_project
sed -i 's/^  heading: .*/  heading: "Informationen, Hilfe, Sprachkurse, Beratung, Veranstaltungen und Arbeit – alles an einem einzigen Ort"/' \
    "$project/content/strings/de.yaml"
expect 1 "$(at postcard.heading): error[E402]: frame \"heading\", language de: text does not fit even at the minimum size 9pt (needs 3 lines, the frame allows 2): \"Informationen, Hilfe, Sprachkurse, Beratung, Veranstaltungen...\"" \
    -- render postcard --lang de -o "$out/x.pdf"

# A glyph that no bundled font has (CJK) is an error too.
make_project
sed -i 's/^  headline: .*/  headline: "欢迎来到图林根"/' "$project/content/strings/en.yaml"
# It is reported where the text is written, naming the characters; the
# frame that prints it follows as a note.
expect 1 "content/strings/en.yaml:$(pos_of "$project/content/strings/en.yaml" '"欢迎'): error[E401]: U+6B22 \"欢\", U+8FCE \"迎\", U+6765 \"来\", U+5230 \"到\", U+56FE \"图\" and 2 more have no glyph in the bundled fonts: phrase \"postcard.headline\", language en; replace the characters or add a font that has them to fonts/
$(at postcard.headline): note: the text with U+6B22 is printed by frame \"headline\" of layout \"postcard\", language en" \
    -- render postcard --lang en -o "$out/x.pdf"

# A character in a record's text: the record, field and language, at the
# line of that text in the content file.
make_project
offer=erfurt-migrationsberatung-nord
sed -i "/^- id: $offer\$/,/^- id:/s/^\(    de: .*\)Alltagsfragen\./\1Alltagsfragen → Termine./" \
    "$project/content/offers.yaml"
grep -q 'Alltagsfragen →' "$project/content/offers.yaml" || fail "the offer was not changed"
line=$(grep -n 'Alltagsfragen →' "$project/content/offers.yaml" | cut -d: -f1)
expect 1 "content/offers.yaml:$line:9: error[E401]: U+2192 \"→\" has no glyph in the bundled fonts: offer \"$offer\", field \"description\", language de; replace the character or add a font that has it to fonts/
layouts/offer-flyer.yaml:$(pos_of "$project/layouts/offer-flyer.yaml" '"{offer.description}"'): note: the text with U+2192 is printed by frame \"description\" of layout \"offer-flyer\", language de" \
    -- render offer-flyer --id "$offer" --lang de -o "$out/x.pdf"

# Only the bundled fonts are used, never the system's: with the Arabic font
# taken out of fonts/, Arabic text has no glyphs, even on a machine that has
# Noto Sans Arabic installed.
make_project
rm "$project/fonts"
mkdir "$project/fonts"
cp "$SOURCE_DIR"/fonts/NotoSans-*.ttf "$project/fonts/"
cat >"$project/layouts/headline.yaml" <<'YAML'
page: {size: A6}
styles:
  big: {font: "Noto Sans, Noto Sans Arabic", size: 20}
pages:
  - frames:
      - {type: text, text: "{postcard.headline}", style: big,
         x: 10, y: 10, width: 80, height: 40}
YAML
expect 1 "content/strings/ar.yaml:$(pos_of "$project/content/strings/ar.yaml" '"مرحبا'): error[E401]: U+0645 \"م\", U+0631 \"ر\", U+062D \"ح\", U+0628 \"ب\", U+0627 \"ا\" and 7 more have no glyph in the bundled fonts: phrase \"postcard.headline\", language ar; replace the characters or add a font that has them to fonts/
layouts/headline.yaml:6:28: note: the text with U+0645 is printed by frame \"text\" of layout \"headline\", language ar" \
    -- render headline --lang ar -o "$out/x.pdf"
(cd "$project" && "$OUTREACH" render headline --lang de -o "$work/de.pdf") ||
    fail "German headline not rendered with the Latin fonts alone"

# A failed run leaves an existing file at the output path as it was.
make_project
sed -i 's/^  headline: .*/  headline: "欢迎来到图林根"/' "$project/content/strings/en.yaml"
echo "the previous print run" >"$work/keep.pdf"
(cd "$project" && "$OUTREACH" render postcard --lang en -o "$work/keep.pdf") 2>/dev/null &&
    fail "render with a missing glyph succeeded"
[ "$(cat "$work/keep.pdf")" = "the previous print run" ] ||
    fail "a failed run changed the existing output file"
[ -z "$(find "$work" -maxdepth 1 -name '.keep.pdf.*')" ] ||
    fail "a failed run left a temporary file behind"

# A read-only output folder: a clear error and nothing written.
if [ "$(id -u)" != 0 ]; then
    make_project
    chmod a-w "$out"
    expect 1 "$out/x.pdf: error[E501]: cannot create the file: Permission denied" \
        -- render postcard --lang de -o "$out/x.pdf"
    chmod u+w "$out"
fi

finish
