#!/bin/bash
# import integreat --url: the API served on 127.0.0.1 by a stand-in
# (tests/integreat/serve.py; never the internet), imported over HTTP; and
# each way a server or network fails gives one clear message and leaves
# the content as it was.
source "$(dirname "$0")/lib.sh"

fixtures="$SOURCE_DIR/tests/integreat"
python3 -u "$fixtures/serve.py" "$fixtures/erfurt" >"$work/port" 2>"$work/server.err" &
server=$!
stop_servers() {
    kill $server ${tls_server:-} ${upstream_server:-} 2>/dev/null || true
    [ "${KEEP_WORK:-}" = 1 ] || rm -rf "$work"
}
trap stop_servers EXIT
for _ in $(seq 1 600); do
    [ -s "$work/port" ] && break
    sleep 0.1
done
port=$(cat "$work/port")
[ -n "$port" ] || { echo "FAIL: the test server did not start" >&2; exit 1; }
base="http://127.0.0.1:$port"

fresh() {
    rm -rf "$work/content"
    cp -r "$SOURCE_DIR/content" "$work/content"
}
untouched() { # CASE
    diff -r "$SOURCE_DIR/content" "$work/content" >/dev/null ||
        fail "$1: the content changed"
}
import() { # REGION [options]
    local region=$1
    shift
    outreach import integreat --url "$base" --region "$region" \
        -o "$work/content" --config "$fixtures/erfurt.yaml" "$@" \
        >"$work/report.txt" 2>"$work/err.txt"
}

fresh
import erfurt || fail "the import over HTTP failed: $(cat "$work/err.txt")"
grep -q 'added   offer erfurt-place-31' "$work/report.txt" ||
    fail "over HTTP: $(cat "$work/report.txt")"
# The text of the QR code on the offer flyer of ID in LANG.
flyer_qr() { # LANG ID
    outreach render offer-flyer --content "$work/content" --lang "$1" \
        --id "$2" -o "$work/flyer-$2.pdf" 2>>"$work/err.txt" ||
        fail "the flyer of $2 in $1: $(cat "$work/err.txt")"
    pdftoppm -png -r 150 "$work/flyer-$2.pdf" "$work/flyer-$2"
    zbarimg -q --raw "$work/flyer-$2-1.png" 2>/dev/null | head -1
}
url=$(flyer_qr ar erfurt-place-31)
case "$url" in
"https://integreat.app/erfurt/ar/locations/%D8%A7%D8%B3%D8%AA%D8%B4%D8%A7%D8%B1%D8%A7%D8%AA-%D8%A7%D9%84%D9%87%D8%AC%D8%B1%D8%A9/?utm_source=offer-flyer"*) ;;
*) fail "the Arabic flyer's QR code opens \"$url\"" ;;
esac

# Integreat's own expected outputs, served the same way: the Augsburg
# place's flyer opens its page.
python3 -u "$fixtures/serve.py" "$fixtures/upstream" >"$work/upstream-port" \
    2>"$work/upstream.err" &
upstream_server=$!
for _ in $(seq 1 600); do
    [ -s "$work/upstream-port" ] && break
    sleep 0.1
done
fresh
sed -i '/^bounding_box:/d' "$work/content/site.yaml"
printf 'organizer: Stadt Augsburg\ncategories: {office: authorities}\n' >"$work/augsburg.yaml"
outreach import integreat --url "http://127.0.0.1:$(cat "$work/upstream-port")" \
    --region augsburg -o "$work/content" --config "$work/augsburg.yaml" \
    >"$work/report.txt" 2>"$work/err.txt" ||
    fail "the upstream fixtures over HTTP: $(cat "$work/err.txt")"
kill $upstream_server 2>/dev/null || true
grep -q 'added   offer augsburg-place-4' "$work/report.txt" ||
    fail "the upstream place over HTTP: $(cat "$work/report.txt")"
url=$(flyer_qr de augsburg-place-4)
case "$url" in
"https://integreat.app/augsburg/de/locations/test-ort/?utm_source=offer-flyer"*) ;;
*) fail "the Augsburg flyer's QR code opens \"$url\"" ;;
esac

# Each failure: exit status 1, exactly one error with its own code and
# words, and the content as it was.
expect_failure() { # REGION CODE WORDS [options]
    local region=$1 code=$2 words=$3
    shift 3
    fresh
    if import "$region" "$@"; then
        fail "$region: the import succeeded"
    fi
    local errors
    errors=$(grep -c 'error\[' "$work/err.txt")
    [ "$errors" = 1 ] || fail "$region: $errors errors, not one: $(cat "$work/err.txt")"
    grep -qF "error[E$code]: " "$work/err.txt" && grep -qF "$words" "$work/err.txt" ||
        fail "$region: not E$code \"$words\": $(cat "$work/err.txt")"
    untouched "$region"
}
expect_failure notfound 615 'there is no region "notfound"'
expect_failure broken 616 'HTTP 500'
expect_failure html 610 'web page (HTML), not the API'
expect_failure truncated 611 'ends in the middle'
expect_failure slow 662 'within 2 seconds' --timeout 2
expect_failure huge 661 'larger than 32 MiB'
expect_failure other 632 'region "erfurt", not "other"'
fresh
outreach import integreat --url "http://127.0.0.1:1" --region erfurt \
    -o "$work/content" >"$work/report.txt" 2>"$work/err.txt" &&
    fail "a server that is not there"
grep -q 'error\[E664\]: cannot reach the server' "$work/err.txt" ||
    fail "no server: $(cat "$work/err.txt")"
untouched "no server"

# A server whose certificate no authority vouches for is not used.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" \
    -out "$work/cert.pem" 2>/dev/null || fail "openssl could not make a certificate"
python3 -u "$fixtures/serve.py" "$fixtures/erfurt" --tls "$work/cert.pem" \
    "$work/key.pem" >"$work/tls-port" 2>"$work/tls.err" &
tls_server=$!
for _ in $(seq 1 600); do
    [ -s "$work/tls-port" ] && break
    sleep 0.1
done
fresh
# (A long time-out: on a busy machine the handshake may be slow, and the
# answer looked for is the refusal, not a time-out.)
outreach import integreat --url "https://127.0.0.1:$(cat "$work/tls-port")" \
    --region erfurt -o "$work/content" --timeout 300 >/dev/null \
    2>"$work/err.txt" &&
    fail "a server with a self-made certificate was trusted"
grep -q "error\[E663\]: the server's certificate cannot be trusted" "$work/err.txt" ||
    fail "self-made certificate: $(cat "$work/err.txt")"
untouched "self-made certificate"

# Saved files that are broken say so too, at the file.
fresh
mkdir "$work/saved"
cp "$fixtures/erfurt/"* "$work/saved/"
head -c 300 "$fixtures/erfurt/erfurt_de_locations.json" >"$work/saved/erfurt_de_locations.json"
outreach import integreat --from "$work/saved" -o "$work/content" \
    --config "$fixtures/erfurt.yaml" >/dev/null 2>"$work/err.txt" &&
    fail "a cut-off saved file was imported"
grep -q 'erfurt_de_locations.json:[0-9]*:[0-9]*: error\[E611\]' "$work/err.txt" ||
    fail "a cut-off saved file: $(cat "$work/err.txt")"
untouched "a cut-off saved file"
cp "$fixtures/erfurt/erfurt_de_locations.json" "$work/saved/"
printf '<!DOCTYPE html>\n<html><body>Anmelden</body></html>\n' >"$work/saved/erfurt_de_events.json"
outreach import integreat --from "$work/saved" -o "$work/content" \
    --config "$fixtures/erfurt.yaml" >/dev/null 2>"$work/err.txt" &&
    fail "a saved web page was imported"
grep -q 'erfurt_de_events.json: error\[E610\]: this is a web page (HTML)' "$work/err.txt" ||
    fail "a saved web page: $(cat "$work/err.txt")"
untouched "a saved web page"
truncate -s 33M "$work/saved/erfurt_de_events.json"
outreach import integreat --from "$work/saved" -o "$work/content" \
    --config "$fixtures/erfurt.yaml" >/dev/null 2>"$work/err.txt" &&
    fail "an oversized saved file was imported"
grep -q 'erfurt_de_events.json: error\[E614\]: the file is larger than 32 MiB' "$work/err.txt" ||
    fail "an oversized saved file: $(cat "$work/err.txt")"
untouched "an oversized saved file"
cp "$fixtures/erfurt/erfurt_de_events.json" "$work/saved/"
sed -i 's/"path": "erfurt"/"path": "weimar"/' "$work/saved/regions_erfurt.json"
grep -q '"path": "weimar"' "$work/saved/regions_erfurt.json" || fail "the region's path was not changed"
outreach import integreat --from "$work/saved" -o "$work/content" \
    --config "$fixtures/erfurt.yaml" >/dev/null 2>"$work/err.txt" &&
    fail "another region's saved data was imported"
grep -q 'regions_erfurt.json: error\[E632\]: this is the data of region "weimar", not "erfurt"' "$work/err.txt" ||
    fail "another region's saved data: $(cat "$work/err.txt")"
untouched "another region's saved data"

finish
