#!/bin/bash
# Libraries loaded when a command needs them (src/dynlib.h): the program
# is not linked with librsvg, libqpdf, libcurl, libmicrohttpd, libzip,
# libgs, jansson, libical, libcsv or libphonenumber (a plugin of ours
# wraps it);
# a postcard without SVG images maps none of them (the dynamic loader's
# own report, LD_DEBUG);
# the command that needs one loads it and works; and a library that is
# missing or of another version gives one line naming the Debian package
# to install, not a crash and not a half-written file.
source "$(dirname "$0")/lib.sh"

on_demand="librsvg-2.so.2 libqpdf.so.29 libcurl.so.4 libmicrohttpd.so.12 libzip.so.4
    libgs.so.10 libjansson.so.4 libical.so.3 libcsv.so.3"

needed=$(readelf -d "$OUTREACH" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$needed" | grep -q '^libcairo\.so' ||
    fail "readelf lists no libcairo: the check below would prove nothing"
for soname in $on_demand; do
    echo "$needed" | grep -qxF "$soname" &&
        fail "the program is linked with $soname (readelf -d: NEEDED)"
done

# libphonenumber is C++: the plugin outreach-phone.so wraps it, beside the
# program in the build tree. Neither it nor what it brings (protobuf,
# abseil, the C++ run-time) is linked with the program.
echo "$needed" | grep -E '^(libphonenumber|libprotobuf|libabsl|libstdc\+\+)' &&
    fail "the program is linked with libphonenumber or what it brings"
plugin=$(dirname "$OUTREACH")/outreach-phone.so
[ -f "$plugin" ] || fail "no phone plugin beside the program"
readelf -d "$plugin" | grep -q '(NEEDED).*\[libphonenumber\.so' ||
    fail "the phone plugin is not linked with libphonenumber"
# A postcard prints no phone number: it loads neither.
on_demand="$on_demand libphonenumber.so.8 $plugin"

# The libraries the dynamic loader maps while ARGS run (in the project
# folder): the names after "file=" in its LD_DEBUG=files report.
mapped() { # OUT ARGS...
    local out=$1
    shift
    (cd "$project" && LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld" \
        "$OUTREACH" "$@") >"$work/out.txt" 2>"$work/err.txt" ||
        fail "outreach $*: $(cat "$work/err.txt")"
    cat "$work"/ld.* | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u >"$out"
    rm -f "$work"/ld.*
    grep -q '^libcairo\.so' "$out" ||
        fail "outreach $*: the loader's report names no libcairo"
}

# A postcard with PNG images in place of its SVG logo and pictogram.
project=$work/png
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
outreach render postcard --lang de -o "$work/logo-source.pdf" 2>/dev/null
pdftoppm -png -r 30 -singlefile -f 2 -x 0 -y 0 -W 20 -H 20 \
    "$work/logo-source.pdf" "$project/content/logos/logo"
sed -i 's|^    - logos/thueringen-hilft.svg|    - logos/logo.png|' \
    "$project/content/site.yaml"
grep -q 'logos/logo.png' "$project/content/site.yaml" ||
    fail "the site's logo was not replaced"
cp "$project/content/logos/logo.png" "$project/layouts/pictogram.png"
sed -i 's|src: pictogram-welcome.svg|src: pictogram.png|' \
    "$project/layouts/postcard.yaml"
grep -h '\.svg' "$project/layouts/postcard.yaml" "$project/content/site.yaml" |
    grep -v '^ *#' && fail "the postcard still shows an SVG image"
mapped "$work/png.txt" render postcard --lang de -o "$work/png.pdf"
for soname in $on_demand; do
    grep -qxF "$soname" "$work/png.txt" &&
        fail "a postcard with PNG images loads $soname"
done
pdftotext "$work/png.pdf" - | grep -q 'thueringen-hilft.de' ||
    fail "the postcard with PNG images lacks its text"

# The example postcard has SVG images: librsvg is loaded, and only it.
project=$SOURCE_DIR
mapped "$work/svg.txt" render postcard --lang de -o "$work/svg.pdf"
grep -qxF librsvg-2.so.2 "$work/svg.txt" ||
    fail "the postcard with SVG images did not load librsvg"
for soname in $on_demand; do
    [ "$soname" = librsvg-2.so.2 ] && continue
    grep -qxF "$soname" "$work/svg.txt" && fail "a postcard loads $soname"
done
pdftoppm -png -r 100 -f 2 -l 2 "$work/svg.pdf" "$work/svg"
pdftoppm -png -r 100 -f 2 -l 2 "$work/png.pdf" "$work/png"
cmp -s "$work/svg-2.png" "$work/png-2.png" &&
    fail "the SVG logo was not drawn (the page equals the PNG one's)"

# The libraries of the list that LIST (a report of mapped) names must be
# exactly those given.
loads_only() { # WHAT LIST SONAME...
    local what=$1 list=$2 soname
    shift 2
    for soname in "$@"; do
        grep -qxF "$soname" "$list" || fail "$what did not load $soname"
    done
    for soname in $on_demand; do
        case " $* " in *" $soname "*) continue ;; esac
        grep -qxF "$soname" "$list" && fail "$what loads $soname"
    done
    return 0
}

# An offer flyer prints the offer's phone number: the plugin and
# libphonenumber are loaded (and librsvg for its SVG images).
offer=erfurt-migrationsberatung-nord
mapped "$work/flyer.txt" render offer-flyer --id $offer --lang de \
    -o "$work/flyer.pdf"
loads_only "the offer flyer" "$work/flyer.txt" librsvg-2.so.2 \
    libphonenumber.so.8 "$plugin"
pdftotext "$work/flyer.pdf" - | grep -qF '+49 361 5550210' ||
    fail "the offer flyer lacks its phone number"

# Importing: a spreadsheet of offers needs libcsv; one of events libical
# too (times in the site's zone); saved Integreat responses jansson and
# libical (recurring events), and no web request. None reads phone numbers
# with libphonenumber.
cp -r "$SOURCE_DIR/content" "$work/imported"
mapped "$work/csv.txt" import csv "$SOURCE_DIR/tests/csv/libreoffice-offers.csv" \
    --kind offers -o "$work/imported"
loads_only "import csv --kind offers" "$work/csv.txt" libcsv.so.3
mapped "$work/csv-events.txt" import csv "$SOURCE_DIR/tests/csv/excel-events.csv" \
    --kind events -o "$work/imported"
loads_only "import csv --kind events" "$work/csv-events.txt" libcsv.so.3 \
    libical.so.3
mapped "$work/integreat.txt" import integreat \
    --from "$SOURCE_DIR/tests/integreat/erfurt" -o "$work/imported" \
    --config "$SOURCE_DIR/tests/integreat/erfurt.yaml"
loads_only "import integreat --from" "$work/integreat.txt" libjansson.so.4 \
    libical.so.3
grep -q '^- id: erfurt-place-31$' "$work/imported/offers/integreat-erfurt.yaml" ||
    fail "import integreat wrote no offers"

# Print boxes need qpdf.
mapped "$work/boxes.txt" render postcard --lang de --print-shop \
    -o "$work/boxes.pdf"
grep -qxF libqpdf.so.29 "$work/boxes.txt" ||
    fail "--print-shop did not load libqpdf"
pdfinfo -box "$work/boxes.pdf" | grep -q '^TrimBox:' ||
    fail "--print-shop wrote no TrimBox"

# A library that is missing (an empty file where the loader looks first)
# or of another version (a real library without the functions): exit
# status 1, no document, and one line (one for each image the library
# would have read) naming the library and the package.
missing=$work/missing
mkdir -p "$missing"
other=$(ldd "$OUTREACH" | awk '$1 ~ /^libyaml/ {print $3}')
[ -f "$other" ] || fail "no libyaml to stand in for a wrong library"
unloadable() { # NAME SONAME KIND PACKAGE OUT ARGS...
    local name=$1 soname=$2 kind=$3 package=$4 out=$5 status=0
    shift 5
    rm -f "$missing"/*
    if [ "$kind" = empty ]; then
        : >"$missing/$soname"
    else
        cp "$other" "$missing/$soname"
    fi
    (cd "$SOURCE_DIR" && LD_LIBRARY_PATH="$missing" timeout 120 "$OUTREACH" "$@") \
        >"$work/$name.out" 2>"$work/$name.err" || status=$?
    [ "$status" = 1 ] ||
        fail "$name: exit status $status, expected 1: $(cat "$work/$name.err")"
    [ -s "$work/$name.err" ] || fail "$name: no message"
    grep -v "error\[E[0-9]*\]: .*$soname.*install the Debian package $package\$" \
        "$work/$name.err" && fail "$name: a line that does not say what to install"
    [ ! -e "$out" ] || fail "$name: $out was written"
    ls "$(dirname "$out")" | grep -q '\.tmp' && fail "$name: a temporary file is left"
    return 0
}
mkdir -p "$work/docs"
unloadable rsvg-missing librsvg-2.so.2 empty librsvg2-2 "$work/docs/a.pdf" \
    render postcard --lang de -o "$work/docs/a.pdf"
unloadable rsvg-other librsvg-2.so.2 other librsvg2-2 "$work/docs/b.pdf" \
    render postcard --lang de -o "$work/docs/b.pdf"
unloadable qpdf-missing libqpdf.so.29 empty libqpdf29 "$work/docs/c.pdf" \
    render postcard --lang de --print-shop -o "$work/docs/c.pdf"
unloadable qpdf-other libqpdf.so.29 other libqpdf29 "$work/docs/d.pdf" \
    render postcard --lang de --print-shop -o "$work/docs/d.pdf"
grep -q 'lacks the function qpdf_' "$work/qpdf-other.err" ||
    fail "qpdf-other: the missing function is not named"
cp -r "$SOURCE_DIR/content" "$work/content"
unloadable curl-missing libcurl.so.4 empty libcurl4 "$work/docs/e" \
    import integreat --url http://127.0.0.1:9 --region erfurt \
    -o "$work/content" --config "$SOURCE_DIR/tests/integreat/erfurt.yaml"
diff -r "$SOURCE_DIR/content" "$work/content" >/dev/null ||
    fail "curl-missing: the content changed"
unloadable gs-missing libgs.so.10 empty libgs10 "$work/docs/g.pdf" \
    render postcard --lang de --pdfx -o "$work/docs/g.pdf"
unloadable httpd-missing libmicrohttpd.so.12 empty libmicrohttpd12 \
    "$work/docs/f" serve --listen 127.0.0.1:9
for case in "jansson libjansson.so.4 libjansson4" "ical libical.so.3 libical3"; do
    set -- $case
    for kind in empty other; do
        unloadable $1-$kind $2 $kind $3 "$work/docs/$1-$kind" \
            import integreat --from "$SOURCE_DIR/tests/integreat/erfurt" \
            -o "$work/content" --config "$SOURCE_DIR/tests/integreat/erfurt.yaml"
    done
done
unloadable csv-missing libcsv.so.3 empty libcsv3 "$work/docs/h" \
    import csv "$SOURCE_DIR/tests/csv/libreoffice-offers.csv" --kind offers \
    -o "$work/content"
unloadable csv-events-ical libical.so.3 empty libical3 "$work/docs/i" \
    import csv "$SOURCE_DIR/tests/csv/excel-events.csv" --kind events \
    -o "$work/content"
diff -r "$SOURCE_DIR/content" "$work/content" >/dev/null ||
    fail "an import without its library changed the content"

# The phone plugin missing (a copy of the program alone in a folder) or
# unloadable (an empty file beside it): exit status 1, no document, and
# one line (however many numbers there are) saying what is missing and
# what to do.
mkdir -p "$work/bin"
cp "$OUTREACH" "$work/bin/outreach"
no_phones() { # NAME PATTERN
    local name=$1 pattern=$2 status=0
    (cd "$SOURCE_DIR" && "$work/bin/outreach" render offer-flyer --id $offer \
        --lang de -o "$work/docs/$name.pdf") >"$work/$name.out" \
        2>"$work/$name.err" || status=$?
    [ "$status" = 1 ] ||
        fail "$name: exit status $status, expected 1: $(cat "$work/$name.err")"
    [ "$(wc -l <"$work/$name.err")" = 1 ] ||
        fail "$name: not one line: $(cat "$work/$name.err")"
    grep -q "error\[E[0-9]*\]: phone numbers cannot be read: $pattern" \
        "$work/$name.err" || fail "$name: $(cat "$work/$name.err")"
    [ ! -e "$work/docs/$name.pdf" ] || fail "$name: a document was written"
}
: "${OTR_PLUGINDIR:?set OTR_PLUGINDIR to where the installed program looks}"
if [ -e "$OTR_PLUGINDIR/outreach-phone.so" ]; then
    echo "note: outreach is installed ($OTR_PLUGINDIR): the plugin cannot be missing" >&2
else
    no_phones phone-missing \
        "the plugin outreach-phone.so is missing .*$work/bin.*reinstall outreach"
fi
: >"$work/bin/outreach-phone.so"
no_phones phone-empty \
    "the plugin $work/bin/outreach-phone.so cannot be loaded .*libphonenumber8.*reinstall outreach"
# A pipe in the plugin's place is refused, not opened (dlopen would wait
# for a writer for ever).
rm -f "$work/bin/outreach-phone.so"
mkfifo "$work/bin/outreach-phone.so"
no_phones phone-pipe "the plugin $work/bin/outreach-phone.so is not a file"
rm -f "$work/bin/outreach-phone.so"
: >"$work/bin/outreach-phone.so"
# A postcard shows no phone number: it does not need the plugin.
(cd "$SOURCE_DIR" && "$work/bin/outreach" render postcard --lang de \
    -o "$work/docs/postcard.pdf") 2>"$work/postcard.err" ||
    fail "a postcard needs the phone plugin: $(cat "$work/postcard.err")"

finish
