# Stale output: batch removes the files it made in an earlier run whose
# documents the campaign no longer has (an event deleted, a language
# dropped), lists them, and never touches a file it did not make. A job
# that matches nothing is a warning, a campaign that builds nothing an
# error.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
run() { (cd "$project" && "$OUTREACH" "$@"); }
out=$work/out
campaign=$project/content/campaigns/stale.yaml
cat >"$campaign" <<'EOF'
name: stale-test
jobs:
  - layout: event-poster
    records: {from: 2026-12-01, to: 2026-12-31}
    languages: [de, ar]
EOF
batch() { run batch content/campaigns/stale.yaml -o "$out" --no-contact-sheet --quiet; }
batch >"$work/log" 2>&1 || fail "first run: $(cat "$work/log")"
event=erfurt-sprachcafe-winterabend-2026-12
for lang in de ar; do
    [ -e "$out/event-poster/$lang/$event.pdf" ] || fail "no $lang poster to begin with"
done
# The user's own files in the output folder, one where a poster was.
echo "print 500 of each" >"$out/notes.txt"
echo "mine" >"$out/event-poster/de/cover-letter.txt"

# The event is cancelled: deleted from events.yaml.
python3 - "$project/content/events.yaml" "$event" <<'EOF'
import sys
path, event = sys.argv[1], sys.argv[2]
blocks = open(path).read().split("\n- id: ")
kept = [b for b in blocks if not b.startswith(event + "\n")]
assert len(kept) == len(blocks) - 1
open(path, "w").write("\n- id: ".join(kept))
EOF
batch >"$work/log" 2>&1 || fail "second run: $(cat "$work/log")"
for lang in de ar; do
    [ ! -e "$out/event-poster/$lang/$event.pdf" ] || fail "the cancelled event's $lang poster is still there"
    grep -qx "  event-poster/$lang/$event.pdf" "$work/log" || fail "the removal of the $lang poster is not listed: $(cat "$work/log")"
done
grep -q "^Removed files of documents the campaign no longer has:" "$work/log" || fail "no heading for the removed files"
! grep -q "$event" "$out/manifest.csv" || fail "the manifest still lists the cancelled event"
[ "$(cat "$out/notes.txt")" = "print 500 of each" ] || fail "the user's notes were touched"
[ -e "$out/event-poster/de/cover-letter.txt" ] || fail "the user's file beside the posters was removed"
[ "$(ls "$out/event-poster/de" | wc -l)" -gt 1 ] || fail "the other events' posters are gone"

# A language dropped from the job: its files go, and its folder with them.
sed -i 's/languages: \[de, ar\]/languages: [de]/' "$campaign"
# A file the user put in place of one of batch's: left alone, with a word.
other=$(cd "$out/event-poster/ar" && ls | sed -n 1p)
echo "my own version" >"$out/event-poster/ar/$other"
batch >"$work/log" 2>&1 || fail "third run: $(cat "$work/log")"
[ "$(cat "$out/event-poster/ar/$other")" = "my own version" ] || fail "a file batch did not write was removed"
grep -q "event-poster/ar/$other: warning\[E536\]: the campaign no longer has this document, but the file is not the one batch wrote" "$work/log" ||
    fail "the file left alone is not reported: $(cat "$work/log")"
rm "$out/event-poster/ar/$other"
[ -z "$(find "$out/event-poster/ar" -name '*.pdf' 2>/dev/null)" ] || fail "Arabic posters are left: $(ls "$out/event-poster/ar")"
[ -e "$out/event-poster/de/cover-letter.txt" ] || fail "the user's file went with the language"

# A job that matches nothing is a warning; the run goes on.
cat >>"$campaign" <<'EOF'
  - layout: offer-flyer
    records: {district: Atlantis}
    languages: [de]
EOF
batch >"$work/log" 2>&1 || fail "a job matching nothing stops the run: $(cat "$work/log")"
grep -q "content/campaigns/stale.yaml:6:5: warning\[E522\]: this job (layout \"offer-flyer\") matches no offer" "$work/log" ||
    fail "no warning for a job matching nothing: $(cat "$work/log")"
# Districts match without regard to case.
sed -i 's/district: Atlantis/district: eRFURT/' "$campaign"
batch >"$work/log" 2>&1 || fail "district in other case: $(cat "$work/log")"
[ -n "$(find "$out/offer-flyer/de" -name 'erfurt-*.pdf')" ] || fail "district eRFURT chose no Erfurt offers"
# A campaign that builds nothing is an error.
cat >"$campaign" <<'EOF'
name: stale-test
jobs:
  - layout: event-poster
    records: {from: 2030-01-01, to: 2030-12-31}
    languages: [de]
EOF
status=0
batch >"$work/log" 2>&1 || status=$?
[ "$status" = 1 ] || fail "a campaign building nothing: exit $status"
grep -q "error\[E523\]: the campaign builds nothing" "$work/log" || fail "no error for an empty campaign: $(cat "$work/log")"

finish
