#!/bin/bash
# import csv: spreadsheets as LibreOffice (semicolons, no byte order mark,
# a cell over several lines, decimal commas, German column names) and
# Excel ("CSV UTF-8": byte order mark, commas, English names) save them;
# then `check`; and a table with mistakes gives row, column and name.
source "$(dirname "$0")/lib.sh"

csv="$SOURCE_DIR/tests/csv"
cp -r "$SOURCE_DIR/content" "$work/content"
outreach import csv "$csv/libreoffice-offers.csv" --kind offers \
    -o "$work/content" >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the LibreOffice table: $(cat "$work/err.txt")"
offers="$work/content/offers/csv-libreoffice-offers.yaml"
grep -qF 'de: "Beratung zu Aufenthalt und Arbeit.\nAuch für Familien."' "$offers" ||
    fail "the cell over two lines: $(grep 'de:' "$offers" | head -1)"
grep -qF 'geo: {lat: 50.9795000, lon: 11.3235000}' "$offers" || fail "decimal commas"
grep -qF 'mon: ["09:00-12:00", "14:00-16:00"]' "$offers" || fail "Monday's hours"
grep -qF 'category: migration-counselling' "$offers" ||
    fail "the category by its German name"
grep -qF 'postcode: "07743"' "$offers" || fail "the postcode's leading 0"
grep -q 'added   offer weimar-beratung-west' "$work/report.txt" || fail "the report"

outreach import csv "$csv/excel-events.csv" --kind events \
    -o "$work/content" >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the Excel table: $(cat "$work/err.txt")"
events="$work/content/events/csv-excel-events.yaml"
grep -qF -- '- id: csv-cafe-international' "$events" ||
    fail "the byte order mark spoilt the first column"
grep -qF 'en: "Tea, cake and \"conversation\"."' "$events" || fail "quoted commas and quotes"
grep -qF 'start: "2027-03-20T16:00:00+01:00"' "$events" || fail "a winter time"
grep -qF 'start: "2027-04-03T00:00:00+02:00"' "$events" || fail "a summer date"
grep -q 'all_day: true' "$events" || fail "the all-day event"

outreach check --content "$work/content" >"$work/check.txt" 2>&1 || true
grep 'error\[' "$work/check.txt" | grep 'csv-' | grep -v 'no \(title\|text\|description\) in language' |
    grep -q . && fail "check: $(grep 'error\[' "$work/check.txt" | grep csv- | head -3)"

# Importing the same table again changes nothing; a table with mistakes
# names each cell and changes nothing.
before=$(cd "$work/content" && find . -type f | sort | xargs sha256sum)
outreach import csv "$csv/excel-events.csv" --kind events -o "$work/content" \
    >"$work/report.txt" 2>&1 || fail "the second import"
grep -q '0 added, 0 changed, 0 removed, 2 unchanged' "$work/report.txt" ||
    fail "a repeated import: $(cat "$work/report.txt")"
outreach import csv "$csv/errors.csv" --kind offers -o "$work/content" \
    >/dev/null 2>"$work/err.txt" && fail "a table with mistakes was imported"
grep -qF 'row 3, column F (Telefon): "bitte anrufen" does not look like a phone number' "$work/err.txt" ||
    fail "the phone's cell: $(cat "$work/err.txt")"
grep -qF 'row 4, column B (Kategorie): there is no category "Unbekannt"' "$work/err.txt" ||
    fail "the category's cell"
grep -qF 'row 4, column E (PLZ): postcode "9984" is not five digits' "$work/err.txt" ||
    fail "the postcode's cell"
grep -qF "row 5, column I (Breite): 11.03, 50.97 lies outside the site's region (bounding_box in site.yaml" "$work/err.txt" &&
    grep -qF 'are latitude and longitude swapped?' "$work/err.txt" ||
    fail "the swapped position: $(cat "$work/err.txt")"
grep -qF "row 6, column I (Breite): 0, 0 is a placeholder, not the place's position" "$work/err.txt" ||
    fail "the placeholder position: $(cat "$work/err.txt")"
after=$(cd "$work/content" && find . -type f | sort | xargs sha256sum)
[ "$before" = "$after" ] || fail "a failed import changed the content"

# Times without an offset are local times in the site's time zone
# (site.yaml), not always Germany's; without one they are refused.
cp -r "$SOURCE_DIR/content" "$work/lisbon"
sed -i 's|^timezone: .*|timezone: Europe/Lisbon|' "$work/lisbon/site.yaml"
outreach import csv "$csv/excel-events.csv" --kind events -o "$work/lisbon" \
    >/dev/null 2>"$work/err.txt" || fail "the Lisbon import: $(cat "$work/err.txt")"
grep -qF 'start: "2027-03-20T16:00:00+00:00"' "$work/lisbon/events/csv-excel-events.yaml" ||
    fail "16:00 in Lisbon: $(grep start: "$work/lisbon/events/csv-excel-events.yaml")"
grep -qF 'start: "2027-04-03T00:00:00+01:00"' "$work/lisbon/events/csv-excel-events.yaml" ||
    fail "a summer date in Lisbon"
cp -r "$SOURCE_DIR/content" "$work/nozone"
sed -i '/^timezone: /d' "$work/nozone/site.yaml"
outreach import csv "$csv/excel-events.csv" --kind events -o "$work/nozone" \
    >/dev/null 2>"$work/err.txt" && fail "local times were guessed without a time zone"
grep -qF 'row 2, column E (Start): a time without its UTC offset needs the site'"'"'s time zone' "$work/err.txt" ||
    fail "no time zone: $(cat "$work/err.txt")"
diff -r "$SOURCE_DIR/content" "$work/nozone" -x site.yaml >/dev/null ||
    fail "the refused table changed the content"

# Records the content loader refuses (a direction control in a text) are
# written, checked, and taken back: the content, folders included, is as
# it was.
rm -rf "$work/offers-before" && cp -r "$work/content" "$work/offers-before"
outreach import csv "$csv/refused.csv" --kind offers -o "$work/content" \
    >/dev/null 2>"$work/err.txt" && fail "records the loader refuses were imported"
grep -q 'offers/csv-refused.yaml:[0-9]*:[0-9]*: error\[' "$work/err.txt" ||
    fail "the loader's message: $(cat "$work/err.txt")"
grep -q 'error\[E603\]: the imported records do not pass' "$work/err.txt" ||
    fail "no word that the import was undone: $(cat "$work/err.txt")"
diff -r "$work/offers-before" "$work/content" >/dev/null ||
    fail "the undone import left something: $(diff -r "$work/offers-before" "$work/content" | head -3)"

finish
