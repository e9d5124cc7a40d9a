# A national-size directory (tools/gen-directory: 5,000 offers in ten
# files, 50 shelters, 200 events) loads cleanly and lists every record once;
# a 120-offer one (every layout x language x record) passes check, with
# English allowed where the generated texts leave a language out, and shows
# its progress on a terminal.
. "$(dirname "$0")/lib.sh"

python3 "$SOURCE_DIR/tools/gen-directory" --offers 5000 --shelters 50 \
    --events 200 -o "$work/big"
run() { "$OUTREACH" --content "$work/big/content" --layouts "$work/big/layouts" "$@"; }

offers=$(run list offers | cut -f1 | sort -u | wc -l)
[ "$offers" = 5000 ] || fail "listed $offers distinct offers, expected 5000"
shelters=$(run list shelters | wc -l)
[ "$shelters" = 50 ] || fail "listed $shelters shelters, expected 50"
events=$(run list events | wc -l)
[ "$events" = 200 ] || fail "listed $events events, expected 200"
python3 "$SOURCE_DIR/tools/gen-directory" --offers 120 --shelters 10 \
    --events 20 -o "$work/mid"
"$OUTREACH" --content "$work/mid/content" --layouts "$work/mid/layouts" check --fallback en \
    >"$work/check.txt" 2>"$work/check.err" ||
    fail "check failed: $(cat "$work/check.txt") $(grep -v 'warning' "$work/check.err" | head -5)"

# On a terminal check shows its progress as batch does (a bar, redrawn in
# place, ending at every document checked); elsewhere nothing but the
# diagnostics, the same on every run.
grep -q '\[=' "$work/check.err" && fail "check wrote progress into a file"
script -qec "$OUTREACH --content $work/mid/content --layouts $work/mid/layouts \
    check --layout offer-flyer --lang de >/dev/null" /dev/null \
    >"$work/tty.txt" </dev/null || fail "check on a terminal failed"
tr '\r' '\n' <"$work/tty.txt" | grep -q '^\[=\{30\}\] 120/120' ||
    fail "check on a terminal shows no progress: $(tr '\r' '\n' <"$work/tty.txt" | tail -3)"

finish
