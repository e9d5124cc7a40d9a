# An interrupted or failing write leaves no partial file and says what went
# wrong: a full disk (a file-size limit stands in for it, portably), a
# folder the user may not write to, and SIGINT or SIGTERM in the middle of a
# batch run.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$project/"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
mkdir -p "$work/out"

# A disk that fills up: writes fail with "File too large" past 16 KiB.
status=0
(
    ulimit -f 16
    trap '' XFSZ
    cd "$project" && exec "$OUTREACH" render language-poster --lang de -o "$work/out/poster.pdf"
) 2>"$work/stderr" || status=$?
[ "$status" = 1 ] || fail "full disk: exit status $status"
grep -q "error\[E502\]: cannot write the file: File too large" "$work/stderr" ||
    fail "full disk: $(cat "$work/stderr")"
[ -z "$(ls -A "$work/out")" ] || fail "full disk left: $(ls -A "$work/out")"

# A folder the user may not write to. Root may write anywhere, so root runs
# the program as nobody (setpriv, util-linux), from a copy nobody can read.
chmod 711 "$work"
ro=$work/ro
mkdir "$ro"
cp -r "$SOURCE_DIR/content" "$SOURCE_DIR/layouts" "$SOURCE_DIR/fonts" "$ro/"
cp "$OUTREACH" "$ro/outreach"
cp "$SOURCE_DIR/tests/lsan.supp" "$ro/"
chmod -R a+rX "$ro"
mkdir "$ro/out"
chmod 555 "$ro/out"
as_user() {
    if [ "$(id -u)" = 0 ]; then
        # A sanitizer build reads its suppressions as nobody too.
        LSAN_OPTIONS=${LSAN_OPTIONS:+suppressions=$ro/lsan.supp:print_suppressions=0} \
            setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
status=0
(cd "$ro" && as_user ./outreach render postcard --lang de -o out/x.pdf) \
    2>"$work/stderr" || status=$?
[ "$status" = 1 ] || fail "read-only folder: exit status $status"
[ "$(cat "$work/stderr")" = \
    "out/x.pdf: error[E501]: cannot create the file: Permission denied" ] ||
    fail "read-only folder: $(cat "$work/stderr")"

# A batch run says so once, before any work: into the folder, or into a new
# one that would have to be made inside it.
expect_batch_refused() { # DIR MESSAGE
    status=0
    (cd "$ro" && as_user ./outreach batch content/campaigns/winter-2026.yaml \
        -o "$1") >"$work/log" 2>"$work/stderr" || status=$?
    [ "$status" = 1 ] || fail "batch into $1: exit status $status"
    [ "$(cat "$work/stderr")" = "$2" ] ||
        fail "batch into $1: $(cat "$work/stderr")"
}
expect_batch_refused out \
    "out: error[E535]: cannot write into the output folder: Permission denied"
expect_batch_refused out/new \
    "out/new: error[E535]: cannot create the output folder: Permission denied"
[ -z "$(ls -A "$ro/out")" ] || fail "read-only folder has: $(ls -A "$ro/out")"
chmod 755 "$ro/out"

# A batch run stopped half way, by SIGINT or SIGTERM to the main process:
# its workers stop too, and no temporary or half-written file is left.
for sig in INT TERM; do
    rm -rf "$work/batch"
    (cd "$project" && exec "$OUTREACH" batch content/campaigns/winter-2026.yaml \
        -o "$work/batch" -j 2 --force) >"$work/log" 2>&1 &
    pid=$!
    for _ in $(seq 1 50); do
        [ -n "$(find "$work/batch" -name '*.pdf' 2>/dev/null | head -n 1)" ] && break
        sleep 0.1
    done
    kill -s "$sig" "$pid"
    status=0
    wait "$pid" || status=$?
    [ "$status" -gt 128 ] || fail "SIG$sig: exit status $status, expected death by the signal"
    grep -q "interrupted" "$work/log" || fail "SIG$sig: no message: $(tail -2 "$work/log")"
    sleep 0.5
    left=$(find "$work/batch" -name '.*' -o -name '*.tmp' | head -3)
    [ -z "$left" ] || fail "SIG$sig left temporary files: $left"
    for pdf in $(find "$work/batch" -name '*.pdf'); do
        qpdf --check "$pdf" >/dev/null 2>&1 || fail "SIG$sig left a broken $pdf"
    done
    # No process left with the output folder on its command line.
    running=$(grep -laF -- "$work/batch" /proc/[0-9]*/cmdline 2>/dev/null || true)
    [ -z "$running" ] || fail "SIG$sig: workers still running: $running"
done

finish
