#!/bin/bash
# import integreat: a region of our own in the API's shape (tests/integreat/
# erfurt) with the cases that go wrong in real data, imported from saved
# files; then checked, printed and the QR codes read back.
source "$(dirname "$0")/lib.sh"

fixtures="$SOURCE_DIR/tests/integreat"
cp -r "$SOURCE_DIR/content" "$work/content"
outreach import integreat --from "$fixtures/erfurt" -o "$work/content" \
    --config "$fixtures/erfurt.yaml" >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the import failed: $(cat "$work/err.txt")"
offers="$work/content/offers/integreat-erfurt.yaml"
events="$work/content/events/integreat-erfurt.yaml"
# The record with ID in FILE, as written.
record() { awk -v id="- id: $2" '$0 == id {on = 1; print; next}
    /^- id: / {on = 0} on' "$1"; }
place=$(record "$offers" erfurt-place-31)
cafe=$(record "$offers" erfurt-place-32)

# HTML: paragraphs and bullets on lines of their own, entities decoded,
# the no-break space and ZWNJ kept; never the excerpt.
grep -q 'EXCERPT' "$offers" "$events" && fail "the excerpt was used"
grep -qF "$(printf 'de: "Beratung zu Aufenthalt & Arbeit.\\n• Montag\u00a0– Freitag\\n• ohne Termin"')" <<<"$place" ||
    fail "German HTML not turned into text: $(grep 'de:' <<<"$place" | head -1)"
grep -q $'خانواده\u200cها' <<<"$place" || fail "ZWNJ lost in the Farsi text"
grep -q $'وقت\u00a0قبلی' <<<"$place" || fail "the no-break space was not decoded"
grep -q $'[\u202a-\u202e\u2066-\u2069]' "$offers" "$events" &&
    fail "directional controls were written"
# Opening hours: Monday first; closed days absent; all day; appointment.
grep -qF 'mon: ["09:00-12:00", "13:00-16:00"]' <<<"$place" || fail "Monday's hours"
grep -q 'wed:' <<<"$place" && fail "Wednesday is closed"
grep -qF 'fri: ["00:00-24:00"]' <<<"$place" || fail "Friday is open all day"
grep -q 'by_appointment: true' <<<"$place" || fail "Thursday is by appointment only"
grep -qF 'phone: "0361 555-0101"' <<<"$place" || fail "the phone's free text not read"
# A fallback (fa served in German, id null) is never a translation, but its
# page is the fa page.
grep -q '^    fa: "Deutsch' <<<"$cafe" && fail "the fallback was imported as fa text"
grep -qF 'fa: "https://integreat.app/erfurt/fa/locations/sprachcafe/"' <<<"$cafe" ||
    fail "the fallback's fa page: $(grep 'fa:' <<<"$cafe")"
# Places not printed, each with its reason.
for why in "33 (Kleiderkammer Nord) not imported: it has no coordinates" \
    "34 (Beratungsstelle Süd) not imported: it is temporarily closed" \
    "35 (Tafel) not imported: its coordinates (latitude 48.137, longitude 11.575) lie outside the region's bounding box: check its position" \
    "36 (Fahrradwerkstatt) not imported: its coordinates are the placeholder 0, 0" \
    "37 (Nähstube) not imported: its coordinates (latitude 11.0285, longitude 50.9777) lie outside the region's bounding box: latitude and longitude look swapped"; do
    grep -qF "$why" "$work/err.txt" || fail "not reported: place $why"
done
grep -q 'place-3[34567]' "$offers" && fail "a place that must not be printed was written"
# Nor is any of them on a page: no pin, no distance on a handout.
grep -rqF -e Fahrradwerkstatt -e Domplatz -e 'Marienplatz 1' "$work/content/offers" "$work/content/events" &&
    fail "a place without a usable position is in the content"
# Languages the region has and outreach cannot print.
grep -q '^language ku (Kurmancî): .*no phrases (strings/ku.yaml)' "$work/report.txt" ||
    fail "Kurmancî not reported"
grep -q 'the bundled fonts lack' "$work/report.txt" || fail "Georgian's font not reported"
# What Integreat does not have comes from the import configuration, and
# each use is reported with the record.
grep -qF 'event 201 (Offene Sprechstunde): organizer from the import configuration (Stadt Erfurt)' "$work/report.txt" ||
    fail "the organizer default was not reported"
grep -qF 'place 31 (Migrationsberatung am Anger): languages spoken from the import configuration (de, en, ar)' "$work/report.txt" ||
    fail "the spoken languages default was not reported"
grep -qF 'languages: [de, en, ar]' <<<"$place" || fail "the spoken languages"
grep -qF "event 205 (Online-Infoabend): online, so the region's name is its district" "$work/report.txt" ||
    fail "the online event's district was not reported"
# Texts the portal lacks are reported once per language, with the records.
grep -qF 'texts missing (the portal has no translation' "$work/report.txt" || fail "no report of missing texts"
grep -qx '  fa: 1 record(s): erfurt-place-32' "$work/report.txt" ||
    fail "the Farsi text the café lacks: $(grep -A4 'texts missing' "$work/report.txt")"
grep -qx '  de: 1 record(s): erfurt-event-204' "$work/report.txt" ||
    fail "the German text the ar/fa-only event lacks"
grep -q '^language fr: the region does not have it; .*--fallback' "$work/report.txt" ||
    fail "a site language the region lacks"

# Place categories: from the location-categories endpoint (names per
# language; the café's own fa response is a fallback, the category list
# has the Farsi name), Integreat's icon name mapped to a bundled icon, the
# yellow darkened until white text on it is readable.
categories="$work/content/categories/integreat-erfurt.yaml"
meeting=$(record "$categories" erfurt-category-9)
grep -qF 'de: "Treffpunkt"' <<<"$meeting" || fail "the category's German name"
grep -qF 'fa: "محل دیدار"' <<<"$meeting" ||
    fail "the category's Farsi name from location-categories: $meeting"
grep -qF 'icon: icons/clubs-meeting-places.svg' <<<"$meeting" || fail "meeting_point's icon"
grep -q 'category: erfurt-category-9' <<<"$cafe" || fail "the café's category"
grep -q 'erfurt-category-12' "$categories" && fail "an unused category was written"
color=$(sed -n 's/^  color: "\(#[0-9a-f]*\)"$/\1/p' <<<"$meeting")
python3 - "$color" <<'PY' || fail "white on the category colour $color is not readable"
import sys
c = sys.argv[1]
def lin(v):
    v = v / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
sys.exit(0 if 1.05 / (lum + 0.05) >= 4.5 else 1)
PY
grep -qF 'category 9: colour #F2DA04 darkened to' "$work/report.txt" ||
    fail "the darkened colour was not reported"

# Events: a weekly series across the switch to summer time (28 March 2027)
# stays at 18:00 local time, on Tuesdays.
for when in 2027-03-16T18:00:00+01:00 2027-03-23T18:00:00+01:00 \
    2027-03-30T18:00:00+02:00 2027-04-06T18:00:00+02:00; do
    grep -qF "start: \"$when\"" "$events" || fail "series date $when missing"
done
grep -qF 'de: "https://integreat.app/erfurt/de/events/sprechstunde$2027-03-30/"' "$events" ||
    fail "an occurrence's page"
grep -q 'erfurt-event-206' "$events" && fail "a past event was written"
# An event without a time zone is read in the site's; one in another zone
# than the site's would print other hours, and is left out.
grep -qF "event 208 (Elterncafé): no time zone given, the site's (Europe/Berlin, site.yaml) used" "$work/report.txt" ||
    fail "the site's time zone for event 208 was not reported"
grep -qF 'start: "2027-03-21T11:00:00+01:00"' <<<"$(record "$events" erfurt-event-208)" ||
    fail "event 208's start"
grep -qF "event 207 (Partnerstadttreffen) not imported: its time zone Europe/London is not the site's (Europe/Berlin, site.yaml)" "$work/err.txt" ||
    fail "the event in London time: $(cat "$work/err.txt")"
grep -q 'erfurt-event-207' "$events" && fail "the event in London time was written"
# Languages outreach cannot print are named with what is missing: Kurmancî
# is written in Latin letters (the fonts have them), Georgian is not.
grep -A1 '^language ku ' "$work/report.txt" | grep -q 'fonts lack' &&
    fail "a font reported missing for Kurmancî"
all_day=$(record "$events" erfurt-event-202)
grep -q 'all_day: true' <<<"$all_day" || fail "the all-day event"
night=$(record "$events" erfurt-event-203)
grep -qF 'end: "2027-04-03T02:00:00+02:00"' <<<"$night" || fail "the event past midnight"
online=$(record "$events" erfurt-event-205)
grep -q 'online: true' <<<"$online" || fail "the online event"
grep -q 'venue:' <<<"$online" && fail "an online event got a venue"
only=$(record "$events" erfurt-event-204)
grep -q '^    ar: ' <<<"$only" && grep -q '^    fa: ' <<<"$only" ||
    fail "the event only in ar and fa"
grep -q '^    de: "' <<<"$(sed -n '/title:/,/start:/p' <<<"$only")" &&
    fail "the ar/fa event got a German title"

# check: the only errors are the German, English, ... texts the ar/fa-only
# event does not have.
outreach check --content "$work/content" >"$work/check.txt" 2>&1 || true
first=$(grep -n '^- id: erfurt-event-204$' "$events" | cut -d: -f1)
last=$(awk -v f="$first" 'NR > f && /^- id: / {print NR; exit}' "$events")
# (A translation the portal does not have is missing, not wrong: each
# fails only the document in that language, so only other errors count.)
grep 'error\[' "$work/check.txt" | grep -v 'error\[E225\]: [a-z]* "[^"]*" has no [a-z]* in language' >"$work/errors.txt" || true
grep -q "integreat-erfurt.yaml:[0-9]*:[0-9]*: error\[E225\]: event \"erfurt-event-204\" has no title in language de: Integreat has no de text for it; add it there and import again" "$work/check.txt" ||
    fail "check does not miss the ar/fa-only event's German title at its source"
[ -s "$work/errors.txt" ] && fail "check finds errors: $(head -5 "$work/errors.txt")"

# Printed: the all-day event without a time, the online event without an
# address, the flyer's QR code opening the place's page in Farsi.
render() { outreach render "$@" --content "$work/content" 2>>"$work/err.txt"; }
render event-poster --lang de --id erfurt-event-202 -o "$work/day.pdf" ||
    fail "the all-day poster"
pdftotext "$work/day.pdf" - | grep -q 'Samstag, 10. April 2027' || fail "its date"
pdftotext "$work/day.pdf" - | grep -q 'Uhr' && fail "an all-day event printed a time"
render event-poster --lang de --id erfurt-event-205 -o "$work/online.pdf" ||
    fail "the online poster"
pdftotext "$work/online.pdf" - | grep -q '^Online$' || fail "the online event's place"
pdftotext "$work/online.pdf" - | grep -q 'null' && fail "an empty address was printed"
render offer-flyer --lang fa --id erfurt-place-31 -o "$work/flyer-fa.pdf" ||
    fail "the Farsi flyer"
pdftoppm -png -r 150 "$work/flyer-fa.pdf" "$work/flyer-fa"
url=$(zbarimg -q --raw "$work/flyer-fa-1.png" 2>/dev/null | head -1)
case "$url" in
"https://integreat.app/erfurt/fa/locations/%D9%85%D8%B4%D8%A7%D9%88%D8%B1%D9%87-%D9%85%D9%87%D8%A7%D8%AC%D8%B1%D8%AA/?utm_source=offer-flyer"*) ;;
*) fail "the Farsi flyer's QR code opens \"$url\"" ;;
esac

# Import again after one event changed in the CMS: the report names it and
# batch rebuilds exactly its document (the campaign's dates hold three
# imported events and hand-written ones).
cat >"$work/campaign.yaml" <<'YAML'
name: import-test
output: "{layout}/{lang}/{record}.pdf"
jobs:
  - layout: event-poster
    records: {from: 2027-03-25, to: 2027-04-03}
    languages: [de]
YAML
outreach batch "$work/campaign.yaml" --content "$work/content" -o "$work/out" \
    -j 2 >/dev/null 2>"$work/batch.txt" || fail "batch: $(tail -3 "$work/batch.txt")"
grep -q 'document(s): [0-9]* built, 0 unchanged, 0 failed' "$work/batch.txt" ||
    fail "batch: $(tail -2 "$work/batch.txt")"
cp -r "$fixtures/erfurt" "$work/erfurt"
python3 - "$work/erfurt/erfurt_de_events.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))
for item in items:
    if item["event"]["id"] == 203:
        item["title"] = "Nachtcafé am Fluss"
json.dump(items, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
outreach import integreat --from "$work/erfurt" -o "$work/content" \
    --config "$fixtures/erfurt.yaml" >"$work/report.txt" 2>/dev/null ||
    fail "the second import"
grep -q '^  changed event erfurt-event-203$' "$work/report.txt" ||
    fail "the changed event is not reported: $(cat "$work/report.txt")"
grep -q 'events/integreat-erfurt.yaml: 0 added, 1 changed, 0 removed' "$work/report.txt" ||
    fail "more than the one event changed"
outreach batch "$work/campaign.yaml" --content "$work/content" -o "$work/out" \
    -j 2 >/dev/null 2>"$work/batch.txt" || fail "batch: $(tail -3 "$work/batch.txt")"
grep -q 'document(s): 1 built, [0-9]* unchanged, 0 failed' "$work/batch.txt" ||
    fail "batch after the import: $(tail -2 "$work/batch.txt")"

finish
