# Content never reaches a terminal raw: an offer name holding a newline, a
# tab and an escape sequence comes out of `list offers` escaped, on its own
# line, and so does a broken value quoted in an error message.
. "$(dirname "$0")/lib.sh"

project=$work/project
cp -r "$SOURCE_DIR/tests/broken/base" "$project"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
sed -i 's|^  name: Sprachcafé Jena|  name: "Sprachcafé\\nFAKE\\tline\\e[2J\\e]0;title\\a"|' \
    "$project/content/offers.yaml"
grep -qF 'FAKE' "$project/content/offers.yaml" || fail "the test did not change the name"
run() { (cd "$project" && "$OUTREACH" "$@"); }

run list offers >"$work/list.txt" 2>"$work/err.txt" || fail "list: $(cat "$work/err.txt")"
expected=$(run list offers | wc -l)
offers=$(grep -c '^  - \?id:\|^- id:' "$project/content/offers.yaml")
[ "$expected" = "$offers" ] || fail "list printed $expected lines for $offers offers"
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/list.txt" &&
    fail "control characters reached the output: $(od -c "$work/list.txt" | head)"
grep -qF 'Sprachcafé\nFAKE\tline\x1B[2J\x1B]0;title\x07' "$work/list.txt" ||
    fail "the name is not shown escaped: $(cat "$work/list.txt")"
[ "$(awk -F'\t' '{print NF}' "$work/list.txt" | sort -u)" = 2 ] ||
    fail "a line has other than two tab-separated fields"

# The same name in a message: a phone number made invalid is reported with
# the escaped value.
sed -i 's|^  phone: .*|  phone: "+49\\e[31m 1"|' "$project/content/offers.yaml"
status=0
run check >/dev/null 2>"$work/err.txt" || status=$?
[ "$status" = 1 ] || fail "check exited with $status"
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/err.txt" &&
    fail "control characters reached the terminal: $(od -c "$work/err.txt" | head)"
grep -qF '\x1B[31m' "$work/err.txt" || fail "the value is not shown escaped: $(cat "$work/err.txt")"

finish
