#!/usr/bin/env bash
# What -o names is written, never replaced by something else: a device
# (/dev/null) or a named pipe gets the document's bytes and stays what it
# is; a link to a file stays a link, and the file it names gets the
# document. (A document is still written under a temporary name first, so
# a failed run leaves nothing half-written.)
source "$(dirname "$0")/lib.sh"

# /dev/null, through the print-shop steps (qpdf) and without them. (If
# something else on this machine broke /dev/null before, that is said
# apart, and mended when the test runs as root.)
if [ ! -c /dev/null ]; then
    echo "note: /dev/null was not a device before this test" >&2
    if [ "$(id -u)" = 0 ]; then
        rm -f /dev/null && mknod -m 666 /dev/null c 1 3
    fi
fi
for extra in "" "--print-shop"; do
    # shellcheck disable=SC2086 # EXTRA is one option or none
    outreach render postcard --lang de $extra -o /dev/null 2>"$work/err" ||
        fail "-o /dev/null $extra: $(cat "$work/err")"
    [ -c /dev/null ] || {
        fail "-o /dev/null $extra: /dev/null is no longer a device"
        # Put it back for whatever runs next on this machine.
        if [ "$(id -u)" = 0 ]; then
            rm -f /dev/null && mknod -m 666 /dev/null c 1 3
        fi
    }
done

# A named pipe: the reader gets the whole PDF.
mkfifo "$work/pipe"
timeout 120 cat "$work/pipe" >"$work/from-pipe.pdf" &
reader=$!
outreach render postcard --lang ar -o "$work/pipe" 2>"$work/err" ||
    fail "-o a pipe: $(cat "$work/err")"
if [ -p "$work/pipe" ]; then
    wait "$reader" || true
else
    fail "-o a pipe: the pipe was replaced by a file"
    pkill -P "$reader" 2>/dev/null || true
    kill "$reader" 2>/dev/null || true
fi
pages=$(pdfinfo "$work/from-pipe.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' || true)
[ "$pages" = 2 ] || fail "-o a pipe: the reader did not get the postcard (pages: ${pages:-none})"

# A link to a file: the link stays, the file gets the document.
echo "an older card" >"$work/card.pdf"
ln -s card.pdf "$work/link.pdf"
outreach render postcard --lang fa -o "$work/link.pdf" 2>"$work/err" ||
    fail "-o a link: $(cat "$work/err")"
[ -L "$work/link.pdf" ] || fail "-o a link: the link was replaced by a file"
pages=$(pdfinfo "$work/card.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' || true)
[ "$pages" = 2 ] || fail "-o a link: the file it names did not get the postcard"

# No temporary file is left anywhere it was made.
leftovers=$(find "$work" -name '.*.??????' 2>/dev/null)
[ -z "$leftovers" ] || fail "temporary files left: $leftovers"

finish
