# A few pages rendered to PNG and compared with reviewed reference images
# (tests/reference/), Arabic and Farsi among them. On a difference the
# reference, the new page and a diff image (differing pixels in red) are
# written to $FAILURES as NAME-ref.png, NAME-out.png and NAME-diff.png.
# After an intended change: UPDATE_GOLDEN=1, then look at every image.
. "$(dirname "$0")/lib.sh"

: "${PNGDIFF:?set PNGDIFF to the pngdiff tool}"
references=$SOURCE_DIR/tests/reference
dpi=50

# check NAME PAGE LAYOUT LANGS [ID]: page PAGE ("" for a one-page document)
check() {
    local name=$1 page=$2 layout=$3 langs=$4 id=${5:-}
    local args=(render "$layout" --lang "$langs" --format png --dpi $dpi -o "$work/$name.png")
    [ -n "$id" ] && args+=(--id "$id")
    outreach "${args[@]}" 2>/dev/null || { fail "$name: render failed"; return; }
    local out=$work/$name.png
    [ -n "$page" ] && out=$work/$name-$page.png
    same_as_reference "$name${page:+-$page}" "$out" \
        "$references/$name${page:+-$page}.png"
}

check postcard-de 1 postcard de
check postcard-ar 1 postcard ar
check postcard-ar 2 postcard ar
check postcard-fa 1 postcard fa
check postcard-fa 2 postcard fa
check offer-flyer-fa "" offer-flyer fa erfurt-migrationsberatung-nord
check offer-flyer-de "" offer-flyer de erfurt-migrationsberatung-nord
check offer-flyer-ar "" offer-flyer ar erfurt-sprachschule-brueckenwort
check offer-flyer-ar+de "" offer-flyer ar,de erfurt-sprachschule-brueckenwort
check event-poster-ar "" event-poster ar erfurt-sprachcafe-winterabend-2026-12
check event-poster-de+ar "" event-poster de,ar erfurt-sprachcafe-winterabend-2026-12
check event-poster-ar+de "" event-poster ar,de erfurt-sprachcafe-winterabend-2026-12
check event-poster-fa+de "" event-poster fa,de erfurt-sprachcafe-winterabend-2026-12
check language-poster-de 1 language-poster de
check language-poster-de 2 language-poster de
check handout-fa+de 1 handout fa erfurt-gu-ringelberg
check handout-fa+de 2 handout fa erfurt-gu-ringelberg
check handout-ar+de 1 handout ar erfurt-gu-ringelberg
check handout-de 1 handout de erfurt-gu-ringelberg
check handout-de 2 handout de erfurt-gu-ringelberg

finish
