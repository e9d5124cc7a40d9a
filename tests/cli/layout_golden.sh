# The laid-out products (the display list: every frame's position, text,
# language, direction, alignment, size, QR version, image and link) compared
# with reviewed golden files. After an intended change, regenerate them with
#   UPDATE_GOLDEN=1 ctest -R layout_golden
# and review the diff before committing.
. "$(dirname "$0")/lib.sh"

golden=$SOURCE_DIR/tests/golden

# compare NAME LAYOUT LANGS [ID]
compare() {
    local name=$1 layout=$2 langs=$3 id=${4:-}
    local expected=$golden/$name.txt
    local args=(render "$layout" --lang "$langs" --format list -o "$work/$name.txt")
    [ -n "$id" ] && args+=(--id "$id")
    outreach "${args[@]}" 2>/dev/null || fail "$name: render failed"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$work/$name.txt" "$expected"
        echo "updated $expected"
    elif ! diff -u "$expected" "$work/$name.txt"; then
        fail "$name differs from $expected"
    fi
}

for lang in de ar fa ru; do
    compare "postcard-$lang" postcard "$lang"
done
for lang in de ar fa; do
    compare "offer-flyer-$lang" offer-flyer "$lang" erfurt-migrationsberatung-nord
done
compare event-poster-de event-poster de erfurt-sprachcafe-winterabend-2026-12
compare event-poster-fa+de event-poster fa,de erfurt-sprachcafe-winterabend-2026-12
compare language-poster-de language-poster de
compare language-poster-ar language-poster ar
compare handout-fa+de handout fa erfurt-gu-ringelberg
compare handout-de handout de erfurt-gu-ringelberg

finish
