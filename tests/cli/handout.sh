# The shelter handout as outreach staff hand it out (docs/design.md, "The
# shelter handout"): the emergency numbers in a box at the top of page 1,
# above every offer (pdftotext -bbox, as a reader's eye meets them); a
# category header repeated at a column or page break says "continued" and
# is never left at the foot of a column; the columns of the last page end
# level; the radius comes from the shelter or the campaign and is printed;
# a German helper can read each entry's hours and notes; body text at
# least 9 pt, Arabic script at least 10 pt, and Arabic and Farsi hours
# without rows of dots (display lists).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C.UTF-8

shelter=erfurt-gu-ringelberg
# The display list of the handout; "$@" as for render.
listing() { outreach render handout --id "$shelter" --format list -o - "$@"; }

# ---- The emergency box: on page 1, above every offer -----------------------
# box_check LANGS: 110, 112, 116 117 and a crisis line from the content
# (Beratungsstelle Lichtblick's phone) on page 1, in the top half, above
# every offer's address (their postcodes; the shelter's own, 99099, sits
# above the box).
box_check() {
    local langs=$1
    outreach render handout --id "$shelter" --lang "$langs" -o "$work/h.pdf" \
        2>/dev/null || { fail "$langs: render failed"; return; }
    pdftotext -bbox -f 1 -l 1 "$work/h.pdf" "$work/h.html"
    python3 - "$work/h.html" "$langs" <<'EOF' || fail "$langs: emergency box"
import re, sys
words = [(float(m.group(2)), float(m.group(4)), m.group(5)) for m in re.finditer(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
    open(sys.argv[1], encoding="utf-8").read())]
def where(text):
    return [w for w in words if w[2] == text]
problems = []
box = []
for number in ("110", "112", "116", "117", "5551110"):
    found = where(number)
    if not found:
        problems.append(f"{number} is not on page 1")
    box += found
addresses = [w for w in words if re.fullmatch(r"99\d\d\d", w[2]) and w[2] != "99099"]
if not addresses:
    problems.append("no offer on page 1")
if box and addresses and max(w[1] for w in box) >= min(w[0] for w in addresses):
    problems.append("an emergency number is below an offer")
if box and max(w[1] for w in box) > 842 / 2:
    problems.append("the emergency numbers are not in the top half of page 1")
for p in problems:
    print(f"{sys.argv[2]}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}
for langs in de ar fa ar,de fa,en; do
    box_check "$langs"
done
# The emergency phrases in the handout's language and German beside it.
pdftotext -f 1 -l 1 "$work/h.pdf" - | plain_text >"$work/page1.txt" # fa,en
outreach render handout --id "$shelter" --lang ar -o "$work/ar.pdf" 2>/dev/null
pdftotext -f 1 -l 1 "$work/ar.pdf" - | plain_text >"$work/ar.txt"
for phrase in "الشرطة" "الإطفاء والإسعاف" "Polizei" "Feuerwehr und Rettungsdienst" \
    "Hilfe in Krisen und bei Gewalt"; do
    grep -qF "$phrase" "$work/ar.txt" || fail "ar,de page 1 lacks \"$phrase\""
done
for phrase in "پلیس" "Police" "Fire brigade and ambulance"; do
    grep -qF "$phrase" "$work/page1.txt" || fail "fa,en page 1 lacks \"$phrase\""
done

# ---- Headers: "continued", never orphaned; columns end level ---------------
# flow_check LANGS CONTINUED: in the display list, every header (white
# text on a category band) that repeats a category says CONTINUED and a
# category's first does not; the item below a header is in its column; the
# two columns of the last page end within one entry of each other.
flow_check() {
    local langs=$1 continued=$2
    listing --lang "$langs" >"$work/list.txt" 2>/dev/null ||
        { fail "$langs: render failed"; return; }
    python3 - "$work/list.txt" "$langs" "$continued" <<'EOF' || fail "$langs: list flow"
import re, sys
path, langs, continued = sys.argv[1:]
pages, page = [], None
for line in open(path, encoding="utf-8"):
    if line.startswith("page "):
        page = []
        pages.append(page)
        continue
    m = re.match(r'\s+(\w+) offers x=([\d.]+) y=([\d.]+) w=([\d.]+) h=([\d.]+)(.*)', line)
    if m and page is not None:
        kind, x, y, w, h, rest = m.groups()
        text = re.search(r'"(.*)"', rest)
        page.append(dict(kind=kind, x=float(x), y=float(y), w=float(w), h=float(h),
                         white="color=#ffffff" in rest, text=text.group(1) if text else "",
                         size=float(re.search(r"size=([\d.]+)", rest).group(1)) if "size=" in rest else 0))
problems, seen, repeats = [], set(), 0
last_columns = None
for number, items in enumerate(pages, 1):
    # The emergency box (its tint spans both columns) is not a column.
    boxes = [(i["y"], i["y"] + i["h"]) for i in items if i["kind"] == "rect" and i["w"] > 150]
    columns = {}
    for i in items:
        if any(top - 0.01 <= i["y"] <= bottom for top, bottom in boxes):
            continue
        columns.setdefault(0 if i["x"] + i["w"] / 2 < 105 else 1, []).append(i)
    for x, col in columns.items():
        texts = sorted((i for i in col if i["kind"] == "text"), key=lambda i: i["y"])
        for k, item in enumerate(texts):
            if not item["white"]:
                continue
            key = re.sub(r"\s+", " ", re.sub(r"\s*\([^)]*\)", "", item["text"])).strip()
            if key in seen:
                repeats += 1
                if "(" + continued + ")" not in item["text"]:
                    problems.append(f"page {number}: repeated header without \"{continued}\": {item['text']}")
            elif continued in item["text"]:
                problems.append(f"page {number}: first header says \"{continued}\": {item['text']}")
            seen.add(key)
            if k + 1 == len(texts) or texts[k + 1]["white"]:
                problems.append(f"page {number}: header at the foot of a column: {item['text']}")
    if columns:
        last_columns = columns
if last_columns is not None:
    bottoms = sorted(max(i["y"] + i["h"] for i in col) for col in last_columns.values())
    if len(bottoms) < 2:
        problems.append("the last page has one column of offers")
    elif bottoms[-1] - bottoms[0] > 75:
        problems.append(f"the last page's columns end {bottoms[-1] - bottoms[0]:.0f} mm apart")
print(f"{langs}: {repeats} repeated header(s)", file=sys.stderr)
for p in problems:
    print(f"{langs}: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
}
flow_check de Fortsetzung
flow_check ar تتمة
flow_check fa ادامه
flow_check ru продолжение
# The Arabic handout of this shelter continues a category at a column
# break: the repeated header is there, in both languages.
listing --lang ar 2>/dev/null | grep -F '(تتمة)' | grep -qF '(Fortsetzung)' ||
    fail "ar,de: no header says (تتمة) and (Fortsetzung)"

# ---- Hours and notes for a German helper; sizes; no rows of dots -----------
listing --lang ar >"$work/ar.list" 2>/dev/null
grep -E '^  text offers .* lang=de .*Uhr' "$work/ar.list" | grep -q 'Mi 09:00–12:00 Uhr und 14:00–16:00 Uhr' ||
    fail "ar,de: an entry's hours are not also in German"
grep -E '^  text offers .* lang=de ' "$work/ar.list" | grep -q 'Termine nach Vereinbarung' ||
    fail "ar,de: \"by appointment\" is not also in German"
grep -E '^  text offers .* lang=ar .*الاثنين ٩–١٢' "$work/ar.list" >/dev/null ||
    fail "ar: Arabic hours not as whole hours (الاثنين ٩–١٢)"
listing --lang fa >"$work/fa.list" 2>/dev/null
for lang_list in ar fa; do
    if grep -E '^  text offers .* lang=(ar|fa) ' "$work/$lang_list.list" | grep -qE '٠٠|۰۰|:٠|:۰'; then
        fail "$lang_list: hours with :٠٠ (a row of dots)"
    fi
done
# Every text of the handout at its class's minimum or above: 9 pt, 10 pt in
# Arabic script (the imprint and the footer have their own).
for langs in de ar fa ar,de fa,en de,fa; do
    listing --lang "$langs" 2>/dev/null | awk -v langs="$langs" '
        $1 == "text" && $2 != "imprint" && $2 != "page" && $2 != "portal" {
            lang = ""; size = 0
            for (i = 3; i <= NF; i++) {
                if ($i ~ /^lang=/) lang = substr($i, 6)
                if ($i ~ /^size=/) size = substr($i, 6) + 0
            }
            min = (lang == "ar" || lang == "fa") ? 10 : 9
            if (size + 0.001 < min) {
                printf "%s: %s (%s) at %s pt, below %s pt\n", langs, $2, lang, size, min
                bad = 1
            }
        }
        END { exit bad }' >&2 || fail "$langs: text below the minimum size"
done

# ---- The radius: the layout's, the shelter's, the campaign's ---------------
project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
run() { (cd "$project" && "$OUTREACH" "$@"); }
shelters=$project/content/shelters.yaml
cp "$shelters" "$work/shelters.yaml"
# set_radius VALUE: the Erfurt shelter's radius_km (none when VALUE is "").
set_radius() {
    cp "$work/shelters.yaml" "$shelters"
    [ -z "$1" ] && return
    sed -i "/^- id: $shelter\$/a\\  radius_km: $1" "$shelters"
    grep -qF "radius_km: $1" "$shelters" || fail "could not set radius_km"
}
# farthest LIST: the largest distance of an offer in a display list, km.
farthest() {
    grep -oE '· [0-9]+,[0-9] km' "$1" | grep -oE '[0-9]+,[0-9]' | tr , . | sort -g | tail -1
}
intro() { grep -E '^  text intro ' "$1"; }

run render handout --id "$shelter" --lang de --format list -o "$work/default.list" 2>/dev/null ||
    fail "render with the layout's radius failed"
intro "$work/default.list" | grep -q 'bis 15 km von Ihrer Unterkunft' ||
    fail "the default radius is not printed: $(intro "$work/default.list")"
awk -v km="$(farthest "$work/default.list")" 'BEGIN {exit !(km <= 15)}' ||
    fail "the default radius lets an offer $(farthest "$work/default.list") km away in"

set_radius 5
run render handout --id "$shelter" --lang de --format list -o "$work/five.list" 2>/dev/null ||
    fail "render with radius_km: 5 failed"
intro "$work/five.list" | grep -q 'bis 5 km von' || fail "radius 5 km is not printed"
awk -v km="$(farthest "$work/five.list")" 'BEGIN {exit !(km <= 5)}' ||
    fail "radius_km: 5 lets an offer $(farthest "$work/five.list") km away in"
run render handout --id "$shelter" --lang fa --format list -o "$work/five-fa.list" 2>/dev/null ||
    fail "render fa with radius_km: 5 failed"
intro "$work/five-fa.list" | grep -q 'تا فاصلهٔ ۵ ' || fail "fa: the radius is not in Persian digits"

set_radius 30
run render handout --id "$shelter" --lang de --format list -o "$work/thirty.list" 2>/dev/null ||
    fail "render with radius_km: 30 failed"
intro "$work/thirty.list" | grep -q 'bis 30 km von' || fail "radius 30 km is not printed"
grep -q 'Weimar' "$work/thirty.list" || fail "radius_km: 30 does not reach Weimar (19 km)"

# The campaign's radius, unless the shelter has its own.
cat >"$project/content/campaigns/near.yaml" <<'YAML'
name: near
radius_km: 25
jobs:
  - layout: handout
    languages: [de]
YAML
set_radius ""
run batch content/campaigns/near.yaml -o "$work/out" >/dev/null 2>"$work/batch.err" ||
    fail "batch with radius_km: 25 failed: $(head -3 "$work/batch.err")"
pdftotext "$work/out/handout/de/$shelter.pdf" - | plain_text | grep -q 'bis 25 km von' ||
    fail "the campaign's radius is not printed"
set_radius 5
run batch content/campaigns/near.yaml -o "$work/out2" >/dev/null 2>&1 ||
    fail "batch with a shelter radius failed"
pdftotext "$work/out2/handout/de/$shelter.pdf" - | plain_text | grep -q 'bis 5 km von' ||
    fail "the shelter's radius does not win over the campaign's"

# A radius with no offer in it is said, not printed silently.
set_radius 1
run render handout --id "$shelter" --lang de -o "$work/one.pdf" 2>"$work/err" ||
    fail "render with radius_km: 1 failed"
grep -q "warning\[E427\]: no offer lies within 1 km of shelter \"$shelter\"" "$work/err" ||
    fail "radius_km: 1 lists no offer without a warning: $(head -2 "$work/err")"

# Errors, with the place in the file.
for bad in zehn 0 500 '[5]'; do
    set_radius "$bad"
    status=0
    run render handout --id "$shelter" --lang de -o "$work/bad.pdf" 2>"$work/err" || status=$?
    [ "$status" = 1 ] || fail "radius_km: $bad was accepted"
    line=$(grep -nF "radius_km: " "$shelters" | cut -d: -f1)
    grep -qE "^content/shelters.yaml:$line:[0-9]+: error\[E269\]: \"radius_km\" is how far the offers on a handout may be, in km: a number from 1 to 100" "$work/err" ||
        fail "radius_km: $bad: no E269 at shelters.yaml:$line: $(head -2 "$work/err")"
    [ ! -e "$work/bad.pdf" ] || fail "radius_km: $bad left a file"
done
set_radius ""
sed -i 's/^radius_km: 25$/radius_km: fifteen/' "$project/content/campaigns/near.yaml"
status=0
run batch content/campaigns/near.yaml -o "$work/out3" >/dev/null 2>"$work/err" || status=$?
[ "$status" != 0 ] || fail "a campaign with radius_km: fifteen was run"
grep -qE '^content/campaigns/near.yaml:2:[0-9]+: error\[E269\]' "$work/err" ||
    fail "campaign radius: no E269 at near.yaml:2: $(head -2 "$work/err")"

finish
