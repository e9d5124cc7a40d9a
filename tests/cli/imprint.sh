# Every printed product carries the imprint from site.yaml (publisher and
# address, the person responsible under the state press laws, the funding
# notice) in the document's language: pdftotext must find it in every
# layout x site language. `check` refuses a layout without an imprint frame
# (E433), and an imprint frame on a site without an imprint (E430).
. "$(dirname "$0")/lib.sh"

first_id() { outreach list "$1" | awk -F"\t" "NR == 1 {print \$1}"; }
# Records translated into the example's first seven languages; in the
# others their texts print in German, as allowed with --fallback de (the
# imprint is in the document's language either way).
offer=erfurt-migrationsberatung-nord
event=erfurt-sprachcafe-winterabend-2026-12
shelter=$(first_id shelters)

# What site.yaml and strings/LANG.yaml say, for the comparison.
publisher="Thüringen hilft – Koordinierungsstelle"
responsible="Maria Muster"
phrase() { # LANG KEY: the phrase's words before its first placeholder
    sed -n "/^imprint:/,/^[a-z]/s/^  $2: \"\\([^{]*\\){.*/\\1/p" \
        "$SOURCE_DIR/content/strings/$1.yaml" | sed 's/[ :،]*$//'
}

documents=0
while IFS=$'\t' read -r layout _; do
    # Screen products (pages in px: social media tiles, the e-mail banner)
    # are not printed matter; tests/cli/channels.sh covers them.
    grep -q '^ *unit: px' "$SOURCE_DIR/layouts/$layout.yaml" && continue
    case "$layout" in
    offer-flyer) id=$offer ;;
    event-poster*) id=$event ;;
    handout) id=$shelter ;;
    *) id= ;;
    esac
    while IFS=$'\t' read -r lang _; do
        pdf=$work/$layout-$lang.pdf
        args=(render "$layout" --lang "$lang" -o "$pdf")
        [ -n "$id" ] && args+=(--id "$id" --fallback de)
        if ! outreach "${args[@]}" 2>/dev/null; then
            fail "$layout $lang: render failed"
            continue
        fi
        documents=$((documents + 1))
        text=$(pdftotext "$pdf" - | plain_text)
        for want in "$publisher" "$responsible" "99084 Erfurt"; do
            case "$text" in
            *"$want"*) ;;
            *) fail "$layout $lang: the imprint lacks \"$want\"" ;;
            esac
        done
        # The phrases may wrap (a long Pashto line does), and a reader
        # gives the lines of right-to-left text in its own order: every
        # word of each phrase is there.
        for key in publisher responsible; do
            want=$(phrase "$lang" "$key")
            [ -n "$want" ] || fail "$lang: no imprint phrase to look for"
            for word in $want; do
                case "$text" in
                *"$word"*) ;;
                *) fail "$layout $lang: the imprint lacks \"$word\" of \"$want\"" ;;
                esac
            done
        done
        # Every page of a multi-page product carries it.
        pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
        for ((p = 1; p <= pages; p++)); do
            # The back of a postcard carries it; its front is a picture.
            [ "$layout" = postcard ] && [ "$p" = 1 ] && continue
            pdftotext -f "$p" -l "$p" "$pdf" - | plain_text |
                grep -qF "$responsible" ||
                fail "$layout $lang: page $p has no imprint"
        done
    done < <(outreach list languages)
done < <(outreach list layouts)
[ "$documents" -ge 42 ] || fail "only $documents documents checked"

# A layout without an imprint frame is refused by check.
project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
sed -i '/type: imprint/,+1d' "$project/layouts/offer-flyer.yaml"
status=0
(cd "$project" && "$OUTREACH" check) >/dev/null 2>"$work/stderr" || status=$?
[ "$status" = 1 ] || fail "check passed a layout without an imprint"
grep -q 'layouts/offer-flyer.yaml: error\[E433\]' "$work/stderr" ||
    fail "no E433 for the flyer without imprint: $(cat "$work/stderr")"

# An imprint frame on a site that gives no imprint is an error, in render.
cp "$SOURCE_DIR/layouts/offer-flyer.yaml" "$project/layouts/"
sed -i '/^imprint:/,$d' "$project/content/site.yaml"
status=0
(cd "$project" && "$OUTREACH" render postcard --lang de -o "$work/p.pdf") \
    >/dev/null 2>"$work/stderr" || status=$?
[ "$status" = 1 ] || fail "render without an imprint exited with $status"
grep -q 'error\[E430\]' "$work/stderr" ||
    fail "no E430 without an imprint: $(cat "$work/stderr")"
[ ! -e "$work/p.pdf" ] || fail "render left a PDF without an imprint"

finish
