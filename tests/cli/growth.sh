# Text that takes the room it has (styles with max_size, docs/layouts.md).
# The postcard: a pictogram on the front instead of an empty panel, and the
# list of the portal's languages sized with their number: a site in three
# languages prints them on one line at 12 pt, the example's thirteen wrap
# onto two lines at 8 pt, both inside the same frame and without a shrink.
. "$(dirname "$0")/lib.sh"

# field ITEM KEY < LIST: the value of KEY= in the display list's item ITEM.
field() {
    awk -v item="$1" -v key="$2" '$2 == item {
        for (i = 3; i <= NF; i++) if (index($i, key "=") == 1) {
            print substr($i, length(key) + 2); exit } }'
}

for lang in de ar fa; do
    outreach render postcard --lang "$lang" --format list -o "$work/postcard-$lang.txt" 2>"$work/err" ||
        fail "postcard $lang: $(head -3 "$work/err")"
    grep -q '^  image pictogram .* src=pictogram-welcome.svg' "$work/postcard-$lang.txt" ||
        fail "postcard $lang: no pictogram on the front"
done
# The pictogram draws: the front's panel is not one flat colour.
outreach render postcard --lang de --format png --dpi 100 -o "$work/card.png" 2>/dev/null
python3 - "$work/card-1.png" <<'PY' || fail "the postcard's front panel is empty"
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
pos, chunks = 8, []
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunks.append((kind, data[pos + 8:pos + 8 + n]))
    pos += 12 + n
width, height, depth, ctype = struct.unpack(">IIBB", chunks[0][1][:10])
raw = zlib.decompress(b"".join(c for k, c in chunks if k == b"IDAT"))
channels = {2: 3, 6: 4}[ctype]
stride = width * channels
# Unfilter every row (PNG filters 0-4), then count colours in the panel
# (x 106..142 mm, y 68..100 mm of the 148 x 105 mm card).
rows, prev = [], bytearray(stride)
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - channels] if x >= channels else 0
        b, c = prev[x], prev[x - channels] if x >= channels else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
mm = width / 148.0
colours = set()
for y in range(int(70 * mm), int(98 * mm)):
    for x in range(int(108 * mm), int(140 * mm)):
        colours.add(bytes(rows[y][x * channels:x * channels + 3]))
sys.exit(0 if len(colours) > 3 else 1)
PY

# Thirteen languages: two lines at the style's 8 pt.
grep '^  text languages ' "$work/postcard-de.txt" >"$work/many.txt"
[ "$(field languages size <"$work/many.txt")" = 8.0 ] ||
    fail "13 languages: $(cat "$work/many.txt")"
[ "$(field languages lines <"$work/many.txt")" = 2 ] ||
    fail "13 languages not on two lines: $(cat "$work/many.txt")"

# Three languages: one line, larger.
project=$work/project
mkdir -p "$project/content"
cp -r "$SOURCE_DIR/layouts" "$project/"
cp -r "$SOURCE_DIR/content/strings" "$SOURCE_DIR/content/icons" "$SOURCE_DIR/content/logos" \
    "$project/content/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
sed -E '/^    (en|fr|es|ru|uk|tr|kmr|ps|prs|ti): /d' "$SOURCE_DIR/content/categories.yaml" \
    >"$project/content/categories.yaml"
python3 - "$SOURCE_DIR/content/site.yaml" "$project/content/site.yaml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start, end = text.index("  - code: en\n"), text.index("  - code: ar\n")
text = text[:start] + text[end:]
start, end = text.index("  - code: fr\n"), text.index("\n# ", text.index("  - code: fr\n"))
text = text[:start] + text[end:]
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
(cd "$project" && "$OUTREACH" render postcard --lang de --format list -o "$work/few.txt") 2>"$work/err" ||
    fail "postcard of a three-language site: $(head -3 "$work/err")"
grep -q 'E404' "$work/err" && fail "three languages shrank: $(cat "$work/err")"
grep '^  text languages ' "$work/few.txt" >"$work/few-line.txt"
[ "$(grep -o '<FSI>[^<]*<PDI>' "$work/few-line.txt" | tr '\n' ' ')" = \
    '<FSI>Deutsch<PDI> <FSI>العربية<PDI> <FSI>فارسی<PDI> ' ] ||
    fail "not the three languages: $(cat "$work/few-line.txt")"
[ "$(field languages size <"$work/few-line.txt")" = 12.0 ] ||
    fail "three languages not at 12 pt: $(cat "$work/few-line.txt")"
[ "$(field languages h <"$work/few-line.txt")" = "$(field languages h <"$work/many.txt")" ] ||
    fail "the language list's frame changed size"

finish
