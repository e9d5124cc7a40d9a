# Phone numbers and e-mail addresses inside Arabic and Farsi sentences stay
# whole and left to right, because data is set in directional isolates. The
# control line types the same number straight into the sentence, where the
# bidi algorithm splits it up; if it ever stays whole, this test no longer
# proves anything and fails.
. "$(dirname "$0")/lib.sh"

project=$work/project
mkdir -p "$project/layouts"
cp -r "$SOURCE_DIR/content" "$project/content"
ln -s "$SOURCE_DIR/fonts" "$project/fonts"
cat >>"$project/content/site.yaml" <<'YAML'
phone: "+49 361 1234567"
email: info@thueringen-hilft.de
YAML
for f in "$project"/content/strings/*.yaml; do
    cat >>"$f" <<'YAML'
test:
  data: "☎ {site.phone} · {site.email}"
YAML
done
cat >>"$project/content/strings/ar.yaml" <<'YAML'
  phone: "اتصلوا بنا على الرقم {site.phone} أو اكتبوا إلى {site.email}"
  literal: "اتصلوا بنا على الرقم +49 361 1234567 اليوم"
YAML
cat >>"$project/content/strings/fa.yaml" <<'YAML'
  phone: "با شماره {site.phone} تماس بگیرید یا به {site.email} بنویسید"
  literal: "با شماره +49 361 1234567 تماس بگیرید"
YAML
cat >"$project/layouts/bidi.yaml" <<'YAML'
description: Data inside right-to-left text
page: {size: A5, orientation: landscape}
styles:
  body: {font: "Noto Sans, Noto Sans Arabic", size: 14}
pages:
  - frames:
      - {type: text, name: phone, text: "{test.phone}", style: body,
         x: 10, y: 10, width: 190, height: 20}
      - {type: text, name: literal, text: "{test.literal}", style: body,
         x: 10, y: 60, width: 190, height: 20}
YAML

for lang in ar fa; do
    "$OUTREACH" --content "$project/content" --layouts "$project/layouts" \
        render bidi --lang "$lang" -o "$work/$lang.pdf"
    text=$(pdftotext -layout "$work/$lang.pdf" - 2>/dev/null)
    phone_line=$(printf '%s\n' "$text" | grep 'thueringen' || true)
    literal_line=$(printf '%s\n' "$text" | grep -v 'thueringen' | grep '1234567' || true)
    case "$phone_line" in
    *"+49 361 1234567"*) ;;
    *) fail "$lang: phone number not whole: $phone_line" ;;
    esac
    case "$phone_line" in
    *"info@thueringen-hilft.de"*) ;;
    *) fail "$lang: e-mail address not whole: $phone_line" ;;
    esac
    case "$literal_line" in
    *"+49 361 1234567"*) fail "$lang: control line unexpectedly whole: $literal_line" ;;
    *1234567*) ;;
    *) fail "$lang: control line missing: $literal_line" ;;
    esac
done

finish
