# A site in sixteen languages: the postcard renders in every one of them and
# lists all sixteen names; the products about records render in each
# language added to the seven the layouts were drawn for (the records'
# texts, translated into only some, with German allowed in their place); and the language
# poster gives each language its tile and QR code over as many sheets as
# they need. Every document keeps its reading direction from its language.
# The example site's thirteen languages and three more, whose phrases are
# the English ones (this is about room on the page, not about words).
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$project/content"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
ln -s "$SOURCE_DIR/layouts" "$project/layouts"
python3 - "$project/content/site.yaml" <<'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("languages:\n", "languages:\n"
                    "  - {code: it, name: Italiano}\n"
                    "  - {code: pl, name: Polski}\n"
                    "  - {code: sq, name: Shqip}\n", 1)
text = text.replace("  funding:\n", "  funding:\n    it: Funded.\n"
                    "    pl: Funded.\n    sq: Funded.\n", 1)
open(path, "w", encoding="utf-8").write(text)
EOF
for code in it pl sq; do
    cp "$project/content/strings/en.yaml" "$project/content/strings/$code.yaml"
done
run() { (cd "$project" && "$OUTREACH" "$@"); }
langs=$(run list languages | cut -f1)
[ "$(printf '%s\n' "$langs" | wc -l)" = 16 ] || fail "the site has $(printf '%s\n' "$langs" | wc -l) languages, not 16"
rtl=$(run list languages | awk -F'\t' '/right to left/ {print $1}' | sort | tr '\n' ' ')
[ "$rtl" = "ar fa prs ps " ] || fail "right-to-left languages: $rtl"

base=https://www.thueringen-hilft.de
offer=erfurt-sprachcafe-mosaik
event=erfurt-sprachcafe-winterabend-2026-12
shelter=erfurt-gu-ringelberg
for lang in $langs; do
    # The postcard: every language's name on the back, whole.
    run render postcard --lang "$lang" -o "$work/card.pdf" 2>"$work/err" ||
        fail "postcard $lang: $(cat "$work/err")"
    back=$(pdftotext -f 2 -l 2 "$work/card.pdf" - 2>/dev/null | plain_text)
    for name in Deutsch Українська Kurmancî ትግርኛ Italiano Shqip; do
        case "$back" in
        *"$name"*) ;;
        *) fail "postcard $lang: language name $name missing: $back" ;;
        esac
    done
    # Each document's direction is its language's.
    dir=$(run render postcard --lang "$lang" --format list -o - 2>/dev/null |
        awk '/ text headline / { for (i = 1; i <= NF; i++) if ($i ~ /^dir=/) print $i }')
    want=dir=ltr
    case " $rtl" in *" $lang "*) want=dir=rtl ;; esac
    [ "$dir" = "$want" ] || fail "postcard $lang: headline $dir, expected $want"
    # The products about records, German allowed where a text is missing.
    case " de en ar fa fr es ru " in *" $lang "*) continue ;; esac
    products=("offer-flyer $offer" "event-poster $event" "handout $shelter")
    case $lang in ps | ti) products+=("event-poster-a2 $event") ;; esac
    for product in "${products[@]}"; do
        set -- $product
        run render "$1" --id "$2" --lang "$lang" --fallback de \
            -o "$work/doc.pdf" 2>"$work/err" ||
            fail "$1 $lang: $(grep error "$work/err" | head -3)"
    done
done

# The language poster: 16 tiles over two A3 sheets of eight, each with the
# header and imprint, every language's QR code once.
for lang in de ar ti; do
    run render language-poster --lang "$lang" -o "$work/poster.pdf" 2>"$work/err" ||
        fail "language poster $lang: $(cat "$work/err")"
    pages=$(pdfinfo "$work/poster.pdf" | awk '/^Pages:/ {print $2}')
    [ "$pages" = 2 ] || fail "language poster $lang: $pages sheets, expected 2"
    pdftoppm -png -r 150 "$work/poster.pdf" "$work/sheet"
    codes=$(for png in "$work"/sheet-*.png; do zbarimg -q --raw "$png" 2>/dev/null || true; done | sort)
    rm -f "$work"/sheet-*.png
    want=$(for l in $langs; do echo "$base/$l/?utm_source=language-poster&utm_medium=print"; done | sort)
    [ "$codes" = "$want" ] || fail "language poster $lang: QR codes
$codes
expected
$want"
    for page in 1 2; do
        n=$(run render language-poster --lang "$lang" --format list -o - 2>/dev/null |
            awk -v p="$page" '/^page / {cur = $2} cur == p && / qr qr / {n++} END {print n + 0}')
        [ "$n" = 8 ] || fail "language poster $lang: sheet $page has $n tiles, expected 8"
    done
done
not_embedded=$(pdffonts "$work/poster.pdf" | tail -n +3 | awk 'NF && $(NF-4) != "yes"')
[ -z "$not_embedded" ] || fail "fonts not embedded: $not_embedded"
finish
