# The command line meets a new user where they are: without a content
# folder it says so once and how to point at one; render names its file
# after the layout, the record and every language, and says what it wrote.
. "$(dirname "$0")/lib.sh"

# No content/ here: one message, not a cascade about fonts and files.
mkdir -p "$work/empty"
status=0
(cd "$work/empty" && "$OUTREACH" render postcard --lang de) >/dev/null 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "render without content: exit $status"
[ "$(cat "$work/err")" = "content: error[E131]: there is no content folder here: run outreach in the folder that holds content/ (site.yaml, offers.yaml, ...), or point at one with --content DIR" ] ||
    fail "without content: $(cat "$work/err")"
status=0
(cd "$work/empty" && "$OUTREACH" check --content "$work/nowhere") >/dev/null 2>"$work/err" || status=$?
[ "$status" = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] &&
    grep -q "^$work/nowhere: error\[E131\]: there is no such content folder" "$work/err" ||
    fail "--content to a missing folder: $status $(cat "$work/err")"
[ -z "$(ls -A "$work/empty")" ] || fail "files left in the empty folder"

# Default names carry the record and every language: two renders of the
# same layout never overwrite each other.
project=$work/project
mkdir -p "$project/out"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
event=erfurt-sprachcafe-winterabend-2026-12
(cd "$project/out" && "$OUTREACH" --content ../content --layouts ../layouts \
    render event-poster --id $event --lang fa,de) 2>"$work/err" || fail "render fa,de: $(cat "$work/err")"
(cd "$project/out" && "$OUTREACH" --content ../content --layouts ../layouts \
    render event-poster --id gera-bewerbungswerkstatt-2026-12 --lang fa,de) 2>"$work/err2" || fail "render another event"
(cd "$project/out" && "$OUTREACH" --content ../content --layouts ../layouts \
    render postcard --lang ar) 2>"$work/err3" || fail "render postcard"
[ -s "$project/out/event-poster-$event-fa-de.pdf" ] || fail "no event-poster-$event-fa-de.pdf: $(ls "$project/out")"
[ -s "$project/out/event-poster-gera-bewerbungswerkstatt-2026-12-fa-de.pdf" ] || fail "the second event's poster overwrote the first"
[ -s "$project/out/postcard-ar.pdf" ] || fail "no postcard-ar.pdf"
# Each says what it wrote.
grep -qx "outreach: wrote event-poster-$event-fa-de.pdf" "$work/err" || fail "render does not say what it wrote: $(cat "$work/err")"
grep -qx "outreach: wrote postcard-ar.pdf" "$work/err3" || fail "render does not say what it wrote: $(cat "$work/err3")"

# The example campaign is for the print shop: bleed and crop marks.
grep -q "^print_shop: true" "$SOURCE_DIR/content/campaigns/winter-2026.yaml" ||
    fail "the example campaign does not ask for print-shop output"

finish
