# Text that takes the room it has (styles with max_size, docs/layouts.md).
#
# The bilingual event poster (A3 and A2): both languages at equal standing,
# the second's title, date, time and text at the same sizes as the
# first's, never below the minimums (A3: title 60 pt, date and time 36 pt;
# A2 x 1.41), Arabic and Farsi not smaller than German; date, time and
# venue in both, read back with pdftotext; the call to scan beside its QR
# code; no empty header and no hole above the footer in one language.
#
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

# The event poster.
event=erfurt-sprachcafe-winterabend-2026-12
# size_of LIST ITEM
size_of() { grep "^  text $2 " "$1" | field "$2" size; }
for layout in event-poster event-poster-a2; do
    case $layout in
    event-poster) title_min=60 date_min=36 scale=1 ;;
    *) title_min=84 date_min=50 scale=1.4142 ;;
    esac
    for langs in ar,de fa,de ru,de de,ar; do
        list=$work/$layout-$langs.txt
        outreach render "$layout" --lang "$langs" --id "$event" --format list -o "$list" 2>"$work/err" ||
            fail "$layout $langs: $(head -3 "$work/err")"
        grep -q 'E404' "$work/err" && fail "$layout $langs shrinks text: $(grep E404 "$work/err" | head -2)"
        for pair in title:title2 date:date2 time:time2 text:text2 scan:scan2; do
            first=$(size_of "$list" "${pair%:*}")
            second=$(size_of "$list" "${pair#*:}")
            [ -n "$first" ] && [ -n "$second" ] ||
                fail "$layout $langs: ${pair%:*} or ${pair#*:} missing"
            [ "$first" = "$second" ] ||
                fail "$layout $langs: ${pair%:*} at $first pt, ${pair#*:} at $second pt"
        done
        awk -v s="$(size_of "$list" title)" -v m=$title_min 'BEGIN {exit !(s >= m)}' ||
            fail "$layout $langs: title below $title_min pt"
        for frame in date time date2 time2; do
            awk -v s="$(size_of "$list" $frame)" -v m=$date_min 'BEGIN {exit !(s >= m)}' ||
                fail "$layout $langs: $frame below $date_min pt"
        done
        # The second language's title, date and time are in that language.
        second=${langs#*,}
        for frame in title2 date2 time2; do
            grep -q "^  text $frame .* lang=$second " "$list" ||
                fail "$layout $langs: $frame is not in $second"
        done
        # The call to scan stands beside the QR code: level with it, at
        # most 10 mm (A3) from its side.
        python3 - "$list" "$scale" <<'PY' || fail "$layout $langs: the call to scan is not beside the QR code"
import re, sys
items = {}
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.split()
    if len(f) > 5 and f[0] in ("text", "qr"):
        items[f[1]] = {k: float(v) for k, v in re.findall(r"\b([xywh])=([-0-9.]+)", line)}
scan, qr, scale = items["scan"], items["qr"], float(sys.argv[2])
level = scan["y"] < qr["y"] + qr["h"] and scan["y"] + scan["h"] > qr["y"]
gap = min(abs(qr["x"] - (scan["x"] + scan["w"])), abs(scan["x"] - (qr["x"] + qr["w"])))
sys.exit(0 if level and gap <= 10 * scale else 1)
PY
    done
    # Date, time and venue in both languages, as a reader's tools see them.
    outreach render "$layout" --lang ar,de --id "$event" -o "$work/$layout.pdf" 2>/dev/null
    pdftotext "$work/$layout.pdf" "$work/$layout.txt"
    for words in "Dienstag, 15. Dezember 2026" "17:00–19:30 Uhr" "ديسمبر" "Sprachcafé Mosaik" \
        "Johannesstraße 12, 99084 Erfurt" "Winterliches" "مقهى"; do
        grep -qF "$words" "$work/$layout.txt" || fail "$layout ar,de: no \"$words\" in pdftotext"
    done
    [ "$(grep -c 'Sprachcafé Mosaik' "$work/$layout.txt")" -ge 2 ] ||
        fail "$layout ar,de: the organiser is not named in both languages"
done
outreach render event-poster --lang fa,de --id "$event" -o "$work/fa.pdf" 2>/dev/null
pdftotext "$work/fa.pdf" - | grep -q 'دسامبر' || fail "event-poster fa,de: no Persian date"

# In one language the poster fills its page: a band of at most 30 mm on
# top, and the content reaching to within 25 mm of the call to scan.
for lang in de ar fa; do
    outreach render event-poster --lang "$lang" --id "$event" --format list -o "$work/one.txt" 2>/dev/null
    python3 - "$work/one.txt" <<'PY' || fail "event-poster $lang: an empty header or a hole above the footer"
import re, sys
items = {}
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.split()
    if len(f) > 5 and f[0] in ("text", "rect", "qr"):
        items[f[1]] = {k: float(v) for k, v in re.findall(r"\b([xywh])=([-0-9.]+)", line)}
content = [v for k, v in items.items() if k in ("title", "date", "time", "venue", "address", "text")]
bottom = max(v["y"] + v["h"] for v in content)
top = min(v["y"] for v in content)
sys.exit(0 if items["band"]["h"] <= 30 and top - items["band"]["h"] <= 15
         and items["qr"]["y"] - bottom <= 25 else 1)
PY
done

# A stack that cannot hold its frames even with its text at the smallest
# sizes is an error, not text printed over the call to scan.
project=$work/whole
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
sed -i '/^        name: content$/,/^        frames:$/s/^        height: 310$/        height: 80/' \
    "$project/layouts/event-poster.yaml"
grep -q '^        height: 80$' "$project/layouts/event-poster.yaml" || fail "the test's poster was not squeezed"
status=0
(cd "$project" && "$OUTREACH" render event-poster --lang de --id "$event" -o "$work/squeezed.pdf") \
    2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "a poster whose stack overflows was made"
grep -q 'error\[E402\]: stack "content", language de: its frames need' "$work/err" ||
    fail "no E402 for the overflowing stack: $(head -3 "$work/err")"
[ ! -e "$work/squeezed.pdf" ] || fail "the overflowing poster was written"

finish
