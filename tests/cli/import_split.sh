#!/bin/bash
# A region too large for one content file (the loader reads at most 16 MiB
# a file; a region of about 18,000 places is more): the import writes its
# records in parts, offers/integreat-REGION.yaml, .2.yaml, .3.yaml ...,
# each within --max-file-size, which the loader reads together. Re-import
# keeps its rules across the parts: added, changed and removed are
# reported, parts no longer needed go, hand-written files stay as they
# were, and an import that is refused leaves every part as it was. The
# size is lowered here so that a few hundred places make several parts.
source "$(dirname "$0")/lib.sh"

# responses DIR COUNT [CHANGED]: the upstream fixtures with COUNT small
# places in German (records augsburg-place-200000 ...), the place CHANGED
# with another text.
responses() {
    python3 - "$SOURCE_DIR/tests/integreat/upstream" "$@" <<'PY'
import copy, json, os, shutil, sys
source, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
changed = int(sys.argv[4]) if len(sys.argv) > 4 else -1
os.makedirs(out, exist_ok=True)
for entry in os.listdir(source):
    if entry.endswith(".json"):
        shutil.copy(os.path.join(source, entry), out)
with open(os.path.join(source, "augsburg_de_locations.json"), encoding="utf-8") as f:
    place = json.load(f)[0]
place.update(available_languages={}, opening_hours=[], excerpt="",
             meta_description="", organization=None)
places = []
for i in range(count):
    p = copy.deepcopy(place)
    p["id"] = 100000 + i
    p["location"]["id"] = 200000 + i
    p["title"] = p["location"]["name"] = "Ort %d" % i
    p["content"] = "<p>Beratung %d%s</p>" % (i, " (neu)" if i == changed else "")
    places.append(p)
with open(os.path.join(out, "augsburg_de_locations.json"), "w", encoding="utf-8") as f:
    json.dump(places, f)
PY
}
cp -r "$SOURCE_DIR/content" "$work/content"
sed -i '/^bounding_box:/d' "$work/content/site.yaml" # Augsburg's data
cp "$SOURCE_DIR/tests/integreat/augsburg-import.yaml" "$work/import.yaml"
hand_written() { (cd "$work/content" && find . -type f ! -name 'integreat-*' | sort | xargs sha256sum); }
before=$(hand_written)
snapshot() { (cd "$work/content" && find . -type f | sort | xargs sha256sum); }
import() { # DIR [OPTIONS...]
    local dir=$1
    shift
    "$OUTREACH" --layouts "$SOURCE_DIR/layouts" import integreat --from "$dir" \
        -o "$work/content" --config "$work/import.yaml" "$@"
}
list() { "$OUTREACH" --content "$work/content" --layouts "$SOURCE_DIR/layouts" list "$@"; }
parts() { (cd "$work/content/offers" && ls integreat-augsburg*.yaml); }

# 400 places in parts of at most 32 KiB.
responses "$work/r1" 400
import "$work/r1" --max-file-size 32k >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the import failed: $(grep error "$work/err.txt" | head -3)"
count=$(parts | wc -l)
[ "$count" -ge 3 ] || fail "400 places in $count file(s), expected several: $(parts)"
[ -e "$work/content/offers/integreat-augsburg.yaml" ] &&
    [ -e "$work/content/offers/integreat-augsburg.2.yaml" ] ||
    fail "the parts' names: $(parts)"
for f in "$work"/content/offers/integreat-augsburg*.yaml; do
    size=$(stat -c %s "$f")
    [ "$size" -le 32768 ] || fail "$(basename "$f") is $size bytes, more than 32 KiB"
    grep -q '^# Imported from Integreat, region augsburg. Part [0-9]* of '"$count"'\.$' "$f" ||
        fail "$(basename "$f") does not say which part it is: $(head -1 "$f")"
done
[ "$(cat "$work"/content/offers/integreat-augsburg*.yaml | grep -c '^- id: augsburg-place-')" = 400 ] ||
    fail "the parts do not hold the 400 places once each"
[ "$(list offers | grep -c '^augsburg-place-')" = 400 ] ||
    fail "the loader does not read every part: $(list offers | grep -c '^augsburg-place-') places listed"
grep -qF "offers/integreat-augsburg.yaml: 400 added, 0 changed, 0 removed, 0 unchanged (written as $count files" "$work/report.txt" ||
    fail "the report: $(grep 'offers/' "$work/report.txt")"
[ "$(hand_written)" = "$before" ] || fail "a hand-written file changed"

# The same again: nothing changed, the same parts.
import "$work/r1" --max-file-size 32k >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the second import failed: $(grep error "$work/err.txt" | head -3)"
grep -qF "offers/integreat-augsburg.yaml: 0 added, 0 changed, 0 removed, 400 unchanged" "$work/report.txt" ||
    fail "a repeated import reports changes: $(grep 'offers/' "$work/report.txt")"
[ "$(parts | wc -l)" = "$count" ] || fail "a repeated import wrote other parts: $(parts)"

# A refused import leaves every part as it was: here a hand-written offer
# has the id one of the places would get.
python3 - "$SOURCE_DIR/content/offers.yaml" "$work/content/offers/hand-written.yaml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index("\n- id: ") + 1
end = text.index("\n- id: ", start) + 1
record = text[start:end].split("\n", 1)[1]
open(sys.argv[2], "w", encoding="utf-8").write(
    "- id: augsburg-place-200449\n" + record)
PY
before=$(hand_written)
kept=$(snapshot)
responses "$work/r2" 450
status=0
import "$work/r2" --max-file-size 16k >"$work/report.txt" 2>"$work/err.txt" || status=$?
[ "$status" = 1 ] || fail "an import whose records clash with a hand-written one: exit $status"
grep -q 'augsburg-place-200449' "$work/err.txt" ||
    fail "the clash is not named: $(grep error "$work/err.txt" | head -3)"
[ "$(snapshot)" = "$kept" ] ||
    fail "the refused import changed the content: $(diff <(echo "$kept") <(snapshot) | head -5)"
ls -a "$work/content/offers" | grep -q '\.tmp$' && fail "a temporary file was left"
rm "$work/content/offers/hand-written.yaml"
before=$(hand_written)

# Fewer places, one changed, in larger parts: the report counts across the
# parts, and the parts no longer needed are removed.
responses "$work/r3" 380 7
import "$work/r3" --max-file-size 64k >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the third import failed: $(grep error "$work/err.txt" | head -3)"
grep -qF "offers/integreat-augsburg.yaml: 0 added, 1 changed, 20 removed, 379 unchanged" "$work/report.txt" ||
    fail "the re-import's report: $(grep 'offers/' "$work/report.txt")"
grep -qx '  changed offer augsburg-place-200007' "$work/report.txt" || fail "the changed place is not named"
grep -qx '  removed offer augsburg-place-200399' "$work/report.txt" || fail "a removed place is not named"
now=$(parts | wc -l)
[ "$now" -lt "$count" ] || fail "the parts no longer needed are still there: $(parts)"
[ "$(list offers | grep -c '^augsburg-place-')" = 380 ] || fail "380 places expected after the re-import"
[ "$(hand_written)" = "$before" ] || fail "a hand-written file changed"

# Back to one file: the other parts go.
import "$work/r3" >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the import into one file failed: $(grep error "$work/err.txt" | head -3)"
[ "$(parts)" = "integreat-augsburg.yaml" ] || fail "parts left behind: $(parts)"
grep -q '^# Imported from Integreat, region augsburg.$' "$work/content/offers/integreat-augsburg.yaml" ||
    fail "a single file calls itself a part"

# --max-file-size takes sizes the loader can read.
for bad in 0 100 17M -1k 12x; do
    import "$work/r3" --max-file-size "$bad" >/dev/null 2>"$work/err.txt" &&
        fail "--max-file-size $bad was taken"
    grep -q 'max-file-size takes a size from 1k to 16M' "$work/err.txt" ||
        fail "--max-file-size $bad: $(cat "$work/err.txt")"
done

finish
