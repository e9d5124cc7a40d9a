# Files named by content and layouts stay inside their folders, are read
# only when they are regular files, and images are held to their limits:
# a /dev/zero icon, a "../" icon, a link out of the folder, a FIFO, a PNG
# of 20000 x 20000 pixels and an SVG of nested <use> elements each end
# with an error naming the file, within the test's own time and memory
# bounds (timeout, ulimit -v), never with a hang or a printed document.
. "$(dirname "$0")/lib.sh"

project=$work/project
fresh() {
    rm -rf "$project"
    mkdir -p "$project"
    cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
    ln -s "$SOURCE_DIR/fonts" "$project/fonts"
}
# icon NAME: the first category's icon (the offers' first category).
icon() {
    sed -i "0,/^  icon: .*/s||  icon: $1|" "$project/content/categories.yaml"
}
run() { # the command, from the project folder
    (cd "$project" && "$@")
}
# Memory bound for the bombs; AddressSanitizer reserves more address space
# than any such bound, so there only the time is bounded.
bounded() {
    if [ -n "${ASAN_OPTIONS:-}" ]; then
        timeout 120 "$@"
    else
        (ulimit -v 1500000 && timeout 120 "$@")
    fi
}

# expect_error WHAT PATTERN COMMAND...: exit status 1 and PATTERN in stderr.
expect_error() {
    local what=$1 pattern=$2 status=0
    shift 2
    run "$@" >"$work/out.txt" 2>"$work/err.txt" || status=$?
    [ "$status" = 1 ] || fail "$what: exit status $status, expected 1 ($(head -c 300 "$work/err.txt"))"
    grep -qF -- "$pattern" "$work/err.txt" ||
        fail "$what: no \"$pattern\" in: $(head -c 400 "$work/err.txt")"
}

# An offer of the first category, whose icon the tests replace.
category=$(outreach list categories | sed -n 1p | cut -f2)
offer=$(outreach list offers | awk -F'\t' -v c=" $category " 'index($2, c) && !id {id = $1} END {print id}')
[ -n "$offer" ] || fail "no offer of category $category"

fresh
icon "../../../../../../../../../../dev/zero"
expect_error "/dev/zero icon, list" "cannot be used: it lies outside its folder" \
    timeout 20 "$OUTREACH" list layouts
expect_error "/dev/zero icon, check" "content/../../../../../../../../../../dev/zero" \
    timeout 20 "$OUTREACH" check

fresh
mkdir -p "$work/elsewhere"
cp "$SOURCE_DIR/content/icons/health.svg" "$work/elsewhere/secret.svg"
icon "../../elsewhere/secret.svg"
expect_error "../ icon" "it lies outside its folder" \
    "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/flyer.pdf"
[ ! -e "$work/flyer.pdf" ] || fail "../ icon: a flyer was printed"

fresh
ln -s "$work/elsewhere/secret.svg" "$project/content/icons/inside.svg"
icon "icons/inside.svg"
expect_error "link out of the folder" "content/icons/inside.svg cannot be used: it lies outside" \
    "$OUTREACH" check

fresh
mkfifo "$project/content/icons/pipe.svg"
icon "icons/pipe.svg"
expect_error "FIFO icon" "it is not a regular file" timeout 20 "$OUTREACH" list offers

fresh
icon "/etc/passwd.svg"
expect_error "absolute icon" "relative to its folder" "$OUTREACH" list offers

# A link inside the folder to a file inside it is fine.
fresh
ln -s "$(sed -n '0,/^  icon: /s/^  icon: //p' "$project/content/categories.yaml" |
    head -1 | xargs basename)" "$project/content/icons/alias.svg"
icon "icons/alias.svg"
run "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/alias.pdf" ||
    fail "an icon linked inside the folder was refused"

# The imprint's logos too.
fresh
sed -i 's|^    - logos/thueringen-hilft.svg|    - ../../elsewhere/secret.svg|' "$project/content/site.yaml"
expect_error "../ logo" "error[E239]: the logo file content/../../elsewhere/secret.svg cannot be used: it lies outside" \
    "$OUTREACH" list layouts

# A layout's own image is confined to the layouts folder.
fresh
sed -i '0,/src: "{category.icon}"/s||src: "../../elsewhere/secret.svg"|' \
    "$project/layouts/offer-flyer.yaml"
expect_error "../ layout image" "error[E313]: the image file layouts/../../elsewhere/secret.svg cannot be used: it lies outside" \
    "$OUTREACH" list layouts

# Bombs: made here, not kept in the repository.
python3 "$SOURCE_DIR/tests/tools/image-bombs" "$work/bombs"

fresh
cp "$work/bombs/pixels.png" "$project/content/icons/"
icon "icons/pixels.png"
expect_error "PNG bomb, render" "the PNG image is more than 16384 pixels wide or high" \
    bounded "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/png.pdf"
# The error stands at the line that names the icon, where it can be
# changed; the layout's frame that draws it follows as a note.
icon_line=$(grep -n -m1 '^  icon: ' "$project/content/categories.yaml" | cut -d: -f1)
icon_at="content/categories.yaml:$icon_line:9: error[E421]: content/icons"
expect_error "PNG bomb, check" "$icon_at/pixels.png: the PNG image" \
    bounded "$OUTREACH" check --layout offer-flyer --lang de
cp "$work/bombs/area.png" "$project/content/icons/"
icon "icons/area.png"
expect_error "PNG of too many pixels" "more than 33 million pixels" \
    bounded "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/png.pdf"

fresh
cp "$work/bombs/use.svg" "$project/content/icons/"
icon "icons/use.svg"
# Whether librsvg's own limit on referenced elements or the time and
# memory allowance stops the drawing first depends on the machine's speed;
# both refuse the image and say to simplify it.
expect_error "<use> bomb, render" "to draw" \
    bounded "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/svg.pdf"
grep -qF "simplify it" "$work/err.txt" || fail "<use> bomb, render: no advice to simplify it"
expect_error "<use> bomb, check" "$icon_at/use.svg: the SVG image" \
    bounded "$OUTREACH" check --layout offer-flyer --lang de
grep -qF "simplify it" "$work/err.txt" || fail "<use> bomb, check: no advice to simplify it"
grep -qF 'note: the icon of category' "$work/err.txt" ||
    fail "<use> bomb, check: no note of the frame that draws the icon"
cp "$work/bombs/elements.svg" "$project/content/icons/"
icon "icons/elements.svg"
expect_error "SVG of too many elements" "more than 50000 elements" \
    bounded "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/svg.pdf"
cp "$work/bombs/entities.svg" "$project/content/icons/"
icon "icons/entities.svg"
expect_error "SVG with entities" "declares entities" \
    bounded "$OUTREACH" render offer-flyer --id "$offer" --lang de -o "$work/svg.pdf"
[ -z "$(ls "$work"/png.pdf "$work"/svg.pdf 2>/dev/null)" ] ||
    fail "a refused image left a document"

# A trial drawing that passed is remembered by the SHA-256 of the SVG's
# bytes: those bytes are not tried again, other bytes are, and a drawing
# that failed is never remembered.
fresh
export XDG_CACHE_HOME=$work/cache
drawn=$XDG_CACHE_HOME/outreach/svg-drawn
remembered() { find "$drawn" -type f 2>/dev/null | wc -l; }
# trials COMMAND...: how many processes the command forks (threads, and
# the leak checker's tracer under the sanitizers, share its memory and
# are not counted).
trials() {
    run strace -f -qq -e trace=clone,clone3,fork,vfork -o "$work/strace.txt" \
        "$@" >/dev/null 2>&1 || true
    grep -v -e CLONE_THREAD -e CLONE_VM "$work/strace.txt" |
        grep -c -E 'clone|fork' || true
}
n=$(trials "$OUTREACH" render postcard --lang de -o "$work/card1.pdf")
[ "$n" = 2 ] || fail "trial drawings: the postcard's two SVGs started $n processes, expected 2"
[ "$(remembered)" = 2 ] || fail "trial drawings: $(remembered) remembered, expected 2 (logo, pictogram)"
n=$(trials "$OUTREACH" render postcard --lang de -o "$work/card2.pdf")
[ "$n" = 0 ] || fail "trial drawings: remembered SVGs were tried again ($n processes)"
[ -s "$work/card2.pdf" ] || fail "trial drawings: no postcard from remembered SVGs"
printf '<!-- changed -->\n' >>"$project/content/logos/thueringen-hilft.svg"
n=$(trials "$OUTREACH" render postcard --lang de -o "$work/card3.pdf")
[ "$n" = 1 ] || fail "trial drawings: a changed logo started $n processes, expected 1"
[ "$(remembered)" = 3 ] || fail "trial drawings: the changed logo is not remembered"
cp "$work/bombs/use.svg" "$project/content/logos/thueringen-hilft.svg"
expect_error "<use> bomb as a remembered logo's file" "simplify it" \
    bounded "$OUTREACH" render postcard --lang de -o "$work/card4.pdf"
[ "$(remembered)" = 3 ] || fail "trial drawings: a failed drawing was remembered"
[ -e "$work/card4.pdf" ] && fail "trial drawings: the bomb logo left a document"
# Remembrances in a folder others may write in do not count: anyone could
# have put them there.
fresh
chmod 0777 "$drawn"
n=$(trials "$OUTREACH" render postcard --lang de -o "$work/card5.pdf")
[ "$n" = 2 ] || fail "trial drawings: remembrances in a folder open to all were trusted ($n processes, expected 2)"
chmod 0700 "$drawn"
unset XDG_CACHE_HOME

finish
