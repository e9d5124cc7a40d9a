#!/usr/bin/env bash
# A render reads what its one document needs: the site, the phrases, its
# layout and the theme, the categories, and only the kinds of record the
# layout shows. A broken file the document does not use does not stop it;
# `outreach check` and `batch` read everything and still report it.
source "$(dirname "$0")/lib.sh"

offer=erfurt-migrationsberatung-nord
event=erfurt-sprachcafe-winterabend-2026-12
shelter=$(outreach list shelters | head -n 1 | cut -f1)
[ -n "$shelter" ] || fail "no shelter in the example content"

# A copy of the project; BREAK names files made unreadable as YAML.
fresh() {
    rm -rf "$work/p"
    mkdir -p "$work/p"
    cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$work/p/"
    ln -s "$SOURCE_DIR/fonts" "$work/p/fonts"
}
# break_yaml FILE: an unclosed quote on the file's last line.
break_yaml() {
    printf '\n- id: "broken\n' >>"$1"
}
run() { # NAME EXPECTED-STATUS ARGS...
    local name=$1 expected=$2
    shift 2
    local status=0
    (cd "$work/p" && "$OUTREACH" "$@") >"$work/$name.out" 2>"$work/$name.err" ||
        status=$?
    if [ "$expected" = ok ] && [ "$status" -ne 0 ]; then
        fail "$name: expected success, got status $status: $(head -c 600 "$work/$name.err")"
    elif [ "$expected" = fails ] && [ "$status" -eq 0 ]; then
        fail "$name: expected a failure, it succeeded"
    fi
}

# --- A broken events file ---------------------------------------------------
fresh
break_yaml "$work/p/content/events.yaml"
line=$(wc -l <"$work/p/content/events.yaml")
run postcard ok render postcard --lang de -o "$work/postcard.pdf"
[ -s "$work/postcard.pdf" ] || fail "postcard: nothing written"
grep -q "events.yaml" "$work/postcard.err" &&
    fail "postcard: reports a file it does not read: $(cat "$work/postcard.err")"
run flyer ok render offer-flyer --id "$offer" --lang ar -o "$work/flyer.pdf"
run handout ok render handout --id "$shelter" --lang de -o "$work/handout.pdf"
run poster fails render event-poster --id "$event" --lang de \
    -o "$work/poster.pdf"
grep -q "events.yaml:$line:[0-9]*: error" "$work/poster.err" ||
    fail "poster: the events file's error at line $line is not reported: $(cat "$work/poster.err")"
[ -e "$work/poster.pdf" ] && fail "poster: written from a broken events file"
run check fails check
grep -q "events.yaml:$line:" "$work/check.err" ||
    fail "check: does not report the broken events file"
run batch fails batch content/campaigns/winter-2026.yaml -o "$work/batch"
grep -q "events.yaml:$line:" "$work/batch.err" ||
    fail "batch: does not report the broken events file"

# --- A broken offers file: the handout lists offers, the postcard does not --
fresh
break_yaml "$work/p/content/offers.yaml"
run postcard2 ok render postcard --lang fa -o "$work/postcard2.pdf"
run poster2 ok render event-poster --id "$event" --lang de \
    -o "$work/poster2.pdf"
run handout2 fails render handout --id "$shelter" --lang de \
    -o "$work/handout2.pdf"
grep -q "offers.yaml:[0-9]*:[0-9]*: error" "$work/handout2.err" ||
    fail "handout: the offers file's error is not reported"
run flyer2 fails render offer-flyer --id "$offer" --lang de \
    -o "$work/flyer2.pdf"

# --- A broken layout other than the one rendered ----------------------------
fresh
break_yaml "$work/p/layouts/social-event.yaml"
run postcard3 ok render postcard --lang de -o "$work/postcard3.pdf"
run social3 fails render social-event --id "$event" --lang de \
    -o "$work/social3.png"
grep -q "social-event.yaml:[0-9]*:[0-9]*: error" "$work/social3.err" ||
    fail "social-event: its own broken layout is not reported"
run check3 fails check
grep -q "social-event.yaml" "$work/check3.err" ||
    fail "check: does not report the broken layout"

# --- A broken theme or site is every document's -----------------------------
fresh
break_yaml "$work/p/layouts/theme.yaml"
run theme fails render postcard --lang de -o "$work/theme.pdf"
grep -q "theme.yaml" "$work/theme.err" || fail "theme: not reported"

# --- An unknown layout still names those there are --------------------------
fresh
run unknown fails render postkarte --lang de -o "$work/unknown.pdf"
grep -q 'no layout "postkarte" (there are: .*postcard' "$work/unknown.err" ||
    fail "unknown layout: the message does not name the layouts: $(cat "$work/unknown.err")"
# ... even when another layout is broken (it is not read).
break_yaml "$work/p/layouts/social-event.yaml"
run unknown2 fails render postkarte --lang de -o "$work/unknown.pdf"
grep -q 'no layout "postkarte" (there are: .*postcard' "$work/unknown2.err" ||
    fail "unknown layout beside a broken one: $(cat "$work/unknown2.err")"
run traversal fails render ../content/site --lang de -o "$work/t.pdf"
grep -q 'no layout' "$work/traversal.err" ||
    fail "a layout name with a folder: $(cat "$work/traversal.err")"

# --- Without a bounding box, positions are judged against all records -------
# (the box is derived from every record), so a record's document reads all.
fresh
sed -i '/^bounding_box:/d' "$work/p/content/site.yaml"
break_yaml "$work/p/content/events.yaml"
run nobox_postcard ok render postcard --lang de -o "$work/nobox.pdf"
run nobox_flyer fails render offer-flyer --id "$offer" --lang de \
    -o "$work/nobox-flyer.pdf"
grep -q "events.yaml:" "$work/nobox_flyer.err" ||
    fail "without a bounding box, the flyer does not read every record"

finish
