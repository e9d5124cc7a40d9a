# The laid-out postcard (the display list: every frame's position, text,
# language, direction, alignment, size, QR version and link) compared with
# reviewed golden files. After an intended change, regenerate them with
#   UPDATE_GOLDEN=1 ctest -R layout_golden
# and review the diff before committing.
. "$(dirname "$0")/lib.sh"

golden=$SOURCE_DIR/tests/golden
for lang in de ar fa ru; do
    expected=$golden/postcard-$lang.txt
    outreach render postcard --lang "$lang" --format list -o "$work/$lang.txt"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$work/$lang.txt" "$expected"
        echo "updated $expected"
    elif ! diff -u "$expected" "$work/$lang.txt"; then
        fail "postcard $lang differs from $expected"
    fi
done

finish
