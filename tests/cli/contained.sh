# Problems stay where they are: an error in one record or language fails
# only the documents that use it; check reports each problem once, can be
# narrowed to a record, language or layout, and shows everything with --all.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
run() { (cd "$project" && "$OUTREACH" "$@"); }

# --all: every problem. Without the offers' French, Spanish and Russian
# descriptions the offer flyers alone have more than the 200 a file shows
# by default (checking every layout would only take longer: under the
# sanitizers, close to the test's time limit).
bare=$work/bare
mkdir -p "$bare"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$bare/"
ln -s "$SOURCE_DIR/fonts" "$bare/fonts"
sed -i '/^    \(fr\|es\|ru\): /d' "$bare/content/offers.yaml"
(cd "$bare" && "$OUTREACH" check --layout offer-flyer) >"$work/table" 2>"$work/capped" || true
(cd "$bare" && "$OUTREACH" check --layout offer-flyer --all) >"$work/table" 2>"$work/all" || true
grep -q "more problem(s) in this file not shown" "$work/capped" || fail "the default check is not capped (the test needs more problems)"
! grep -q "not shown" "$work/all" || fail "check --all still leaves problems out"
[ "$(grep -c 'error\[E225\]' "$work/all")" -gt "$(grep -c 'error\[E225\]' "$work/capped")" ] ||
    fail "check --all shows no more than check"
# Each problem once: no line twice.
[ -z "$(sort "$work/all" | uniq -d)" ] || fail "check repeats: $(sort "$work/all" | uniq -d | head -3)"

# A shelter whose residents speak a language the site does not have (yet):
# only that language's handout fails.
shelter=erfurt-gu-ringelberg
sed -i "/^- id: $shelter\$/,/^  languages:/ s/^  languages: \[ar, fa, ru\]/  languages: [so, ar, fa, ru]/" "$project/content/shelters.yaml"
grep -q "languages: \[so, ar, fa, ru\]" "$project/content/shelters.yaml" || fail "test setup: shelter not changed"
line=$(grep -n "languages: \[so, ar, fa, ru\]" "$project/content/shelters.yaml" | cut -d: -f1)
run render handout --id $shelter --lang fa -o "$work/fa.pdf" 2>"$work/err" ||
    fail "the Farsi handout fails because of another language: $(cat "$work/err")"
status=0
run render handout --id $shelter --lang so -o "$work/so.pdf" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "the Somali handout: exit $status"
grep -qx "content/shelters.yaml:$line:15: error\[E261\]: \"so\" is not one of the site's languages (de, en, ar, fa, fr, es, ru, uk, tr, kmr, ps, prs, ti): the shelter's handout in it cannot be printed (add the language to site.yaml, or correct the code)" "$work/err" ||
    fail "no message at the language code: $(cat "$work/err")"
status=0
run check --id $shelter >"$work/table" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "check does not fail for the Somali handout"
[ "$(grep -c 'error\[E261\]' "$work/err")" = 1 ] || fail "the unknown language is not reported once: $(cat "$work/err")"
grep -q "^handout .*ok .*ok .*ok .*ok .*ok .*ok .*ok" "$work/table" || fail "other handouts of the shelter fail: $(cat "$work/table")"

# An event with only German and Farsi text, and an offer with a broken
# phone number: the campaign builds everything else.
event=gera-bewerbungswerkstatt-2026-12
python3 - "$project/content/events.yaml" "$event" <<'EOF'
import re, sys
path, event = sys.argv[1], sys.argv[2]
s = open(path).read()
start = s.index("- id: " + event + "\n")
end = s.index("\n- id: ", start)
block = "\n".join(l for l in s[start:end].split("\n") if not re.match(r"    (en|ar|fr|es|ru|uk|tr|kmr|ps|prs|ti): ", l))
open(path, "w").write(s[:start] + block + s[end:])
EOF
offer=altenburg-sprachpaten # far from Erfurt
sed -i "/^- id: $offer\$/,/^  phone:/ s/^  phone: .*/  phone: \"+49 abc 555\"/" "$project/content/offers.yaml"
status=0
run batch content/campaigns/winter-2026.yaml -o "$work/out" --no-contact-sheet --quiet >"$work/log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "campaign: exit $status"
grep "^FAILED" "$work/log" | sort >"$work/failed"
grep -qx "FAILED event-poster/ar/$event.pdf" "$work/failed" || fail "the event's Arabic poster did not fail"
grep -qx "FAILED handout/so/$shelter.pdf" "$work/failed" || fail "the Somali handout did not fail: $(cat "$work/failed")"
for lang in de ar fa; do
    grep -qx "FAILED offer-flyer/$lang/$offer.pdf" "$work/failed" || fail "the broken offer's $lang flyer did not fail"
done
! grep -q "FAILED event-poster/\(de\|fa\)/$event.pdf" "$work/failed" || fail "the event's German or Farsi poster failed"
[ -e "$work/out/event-poster/fa/$event.pdf" ] || fail "the event's Farsi poster is missing"
[ -e "$work/out/handout/fa/$shelter.pdf" ] || fail "the shelter's Farsi handout is missing"
for file in event-poster/ar/erfurt-sprachcafe-winterabend-2026-12.pdf postcard/ar/postcard.pdf; do
    [ -e "$work/out/$file" ] || fail "$file, which does not use the broken records, is missing"
done
# The handouts that list the offer fail with it; the others are built.
grep -qx "FAILED handout/ar/altenburg-gu-pauritzer-hof.pdf" "$work/failed" ||
    fail "the handout listing the broken offer was built"
grep -A1 "^FAILED handout/ar/altenburg-gu-pauritzer-hof.pdf" "$work/log" | grep -q "error\[E244\]" ||
    fail "the handout's failure does not name the offer's problem"

# check narrows: one record, one language, one layout.
run check --id $event >"$work/table" 2>"$work/err" || true
[ "$(grep -vc '^\(layout\|ok:\|N \|[0-9]\)' "$work/table")" = 4 ] ||
    fail "check --id shows other layouts than the event posters and tiles: $(cat "$work/table")"
grep -q "^event-poster  *ok  *1 err  *1 err  *ok  *1 err  *1 err  *1 err" "$work/table" || fail "check --id table: $(cat "$work/table")"
run check --id erfurt-sprachcafe-winterabend-2026-12 --lang ar >"$work/table" 2>"$work/err" ||
    fail "check of an event with no problems: $(cat "$work/table" "$work/err")"
grep -q "^4 document(s) checked: 4 ok" "$work/table" || fail "check --id --lang: $(tail -1 "$work/table")"
run check --layout postcard --lang fa >"$work/table" 2>"$work/err" || true
grep -q "^1 document(s) checked: 1 ok" "$work/table" || fail "check --layout --lang: $(tail -2 "$work/table")"
status=0
run check --id no-such-record >/dev/null 2>"$work/err" || status=$?
[ "$status" = 1 ] && grep -q 'there is no offer, event or shelter "no-such-record"' "$work/err" ||
    fail "check --id of an unknown record: $status $(cat "$work/err")"

finish
