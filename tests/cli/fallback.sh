# No silent language substitution: a document in language X prints text of
# another language only where the user allowed a fallback for that command
# or campaign job, and then every substitution is named (the summary, both
# manifests, check's table). A record's name falls back to its original
# German name, never to English. Without permission the document fails at
# the place where the translation belongs, and the rest of a batch builds.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project" "$work/out"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
run() { (cd "$project" && "$OUTREACH" "$@"); }
event=gera-bewerbungswerkstatt-2026-12
# The example content has every text in every site language: this event's
# French title and text are taken out here.
sed -i "/^- id: $event\$/,/^  district:/{/^    fr: /d}" "$project/content/events.yaml"
awk -v id="- id: $event" '$0 == id { on = 1; next } /^- id: / { on = 0 } on' \
    "$project/content/events.yaml" | grep -q '^    fr: ' &&
    fail "test setup: the event's French texts are still there"

# Without permission: an error where the French title belongs (the line of
# the first translation of the event's title and text), no file.
title_line=$(awk -v id="- id: $event" '$0 == id { on = 1 } on && /^  title:/ { print NR + 1; exit }' "$project/content/events.yaml")
text_line=$(awk -v id="- id: $event" '$0 == id { on = 1 } on && /^  text:/ { print NR + 1; exit }' "$project/content/events.yaml")
status=0
run render event-poster --id $event --lang fr -o "$work/out/fr.pdf" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "a poster without French text: exit $status"
grep -qx "content/events.yaml:$title_line:5: error\[E225\]: event \"$event\" has no title in language fr: add \"fr: ...\" here (or allow printing another language instead: --fallback CODE, or \"fallback: CODE\" in the campaign)" "$work/err" ||
    fail "no error at the French title's place: $(cat "$work/err")"
grep -q "content/events.yaml:$text_line:5: error\[E225\]: event \"$event\" has no text in language fr" "$work/err" ||
    fail "no error at the French text's place: $(cat "$work/err")"
[ ! -e "$work/out/fr.pdf" ] || fail "a poster was written without its French text"

# With --fallback en: written, and each substitution named.
run render event-poster --id $event --lang fr --fallback en -o "$work/out/fr.pdf" 2>"$work/err" ||
    fail "render --fallback en failed: $(cat "$work/err")"
grep -q "warning\[E226\]: event \"$event\" has no title in language fr; printing the en text, as allowed" "$work/err" ||
    fail "the substituted title is not named: $(cat "$work/err")"
grep -qx "outreach: wrote $work/out/fr.pdf" "$work/err" || fail "render does not say what it wrote"
pdftotext "$work/out/fr.pdf" - | tr -s '\n' ' ' | grep -q "Application workshop" || fail "the English title is not on the poster"

# A layout's own "fallback:" line no longer substitutes; it says so.
sed -i '1a fallback: en' "$project/layouts/event-poster.yaml"
status=0
run render event-poster --id $event --lang fr -o "$work/out/fr2.pdf" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "a layout's fallback still substitutes (exit $status)"
grep -q "layouts/event-poster.yaml:2:11: warning\[E313\]: a layout no longer chooses a fallback language" "$work/err" ||
    fail "the layout's fallback line is not reported: $(cat "$work/err")"
sed -i '2d' "$project/layouts/event-poster.yaml"

# Proper names: an Arabic handout prints the German name on the door, not
# the English one, and needs no permission for it.
run render handout --id erfurt-gu-ringelberg --lang ar -o "$work/out/handout.pdf" 2>"$work/err" ||
    fail "Arabic handout: $(cat "$work/err")"
pdftotext "$work/out/handout.pdf" - | plain_text >"$work/handout.txt"
grep -q "Gesundheitslotsen Erfurt" "$work/handout.txt" || fail "the offer's German name is missing"
! grep -q "Erfurt Health Guides" "$work/handout.txt" || fail "the handout prints the English name"

# A campaign: French without permission fails only the French posters of
# events without French text; German and the rest are built.
mkdir -p "$project/content/campaigns"
cat >"$project/content/campaigns/fr.yaml" <<'EOF'
name: fr-test
jobs:
  - layout: event-poster
    records: {from: 2026-12-01, to: 2026-12-31}
    languages: [de, fr]
EOF
status=0
run batch content/campaigns/fr.yaml -o "$work/camp" --no-contact-sheet --quiet >"$work/log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "campaign without permission: exit $status"
grep -q "^FAILED event-poster/fr/$event.pdf" "$work/log" || fail "the French poster did not fail: $(cat "$work/log")"
[ -e "$work/camp/event-poster/de/$event.pdf" ] || fail "the German poster was not built"
[ -e "$work/camp/event-poster/fr/erfurt-sprachcafe-winterabend-2026-12.pdf" ] ||
    fail "the French poster of an event with French text was not built"
! grep -q "event-poster/fr/$event.pdf" "$work/camp/manifest.csv" || fail "the failed poster is in the manifest"

# With the job's permission: built, listed in the summary, flagged in both
# manifests per document and field.
sed -i 's/^    languages: \[de, fr\]/    languages: [de, fr]\n    fallback: en/' "$project/content/campaigns/fr.yaml"
run batch content/campaigns/fr.yaml -o "$work/camp" --no-contact-sheet --quiet >"$work/log" 2>&1 ||
    fail "campaign with fallback: $(cat "$work/log")"
grep -q "print text in another language, as the campaign's fallback allows" "$work/log" ||
    fail "the summary does not list substitutions: $(cat "$work/log")"
grep -qx "  event-poster/fr/$event.pdf: event.title=en event.text=en" "$work/log" ||
    fail "the summary does not name the document and fields: $(cat "$work/log")"
grep -q "with text in another language" "$work/log" || fail "no count of substituted documents"
head -1 "$work/camp/manifest.csv" | grep -q ',substituted,' || fail "manifest.csv has no substituted column"
python3 - "$work/camp" "$event" <<'EOF' || fail "manifests do not flag the substitutions"
import csv, json, sys
out, event = sys.argv[1], sys.argv[2]
rows = {r["file"]: r for r in csv.DictReader(open(out + "/manifest.csv"))}
fr = "event-poster/fr/%s.pdf" % event
assert rows[fr]["substituted"] == "event.title=en event.text=en", rows[fr]
assert rows["event-poster/de/%s.pdf" % event]["substituted"] == ""
assert rows["event-poster/fr/erfurt-sprachcafe-winterabend-2026-12.pdf"]["substituted"] == ""
docs = {d["file"]: d for d in json.load(open(out + "/manifest.json"))}
assert docs[fr]["substituted"] == [
    {"field": "event.title", "record": None, "language": "en"},
    {"field": "event.text", "record": None, "language": "en"}], docs[fr]
assert docs["event-poster/de/%s.pdf" % event]["substituted"] == []
EOF
# An unchanged rerun keeps the flags.
run batch content/campaigns/fr.yaml -o "$work/camp" --no-contact-sheet --quiet >"$work/log" 2>&1 ||
    fail "rerun: $(cat "$work/log")"
grep -q "event-poster/fr/$event.pdf,.*,event.title=en event.text=en," "$work/camp/manifest.csv" ||
    fail "an unchanged document lost its flags"

# check: without --fallback the French posters fail; with it they are
# counted apart, explained in the legend, and check passes.
status=0
run check --layout event-poster --lang fr >"$work/table" 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "check without fallback: exit $status"
grep -q "^event-poster .* [0-9]* err" "$work/table" || fail "check table: $(cat "$work/table")"
run check --layout event-poster --lang fr --fallback en >"$work/table" 2>"$work/err" ||
    fail "check --fallback en: $(cat "$work/table" "$work/err")"
grep -q "^event-poster .* [0-9]* subst" "$work/table" || fail "substitutions not counted: $(cat "$work/table")"
grep -q "N subst: documents that print text in the --fallback language" "$work/table" || fail "no legend"
grep -q "with text in another language, 0 with errors" "$work/table" || fail "summary: $(tail -1 "$work/table")"
[ "$(grep -c '^event-poster' "$work/table")" = 1 ] || fail "check --layout shows other layouts"

finish
