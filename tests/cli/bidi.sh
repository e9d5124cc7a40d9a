# Phone numbers and e-mail addresses inside Arabic and Farsi sentences stay
# whole and left to right, because data is set in directional isolates:
# data from placeholders, and data typed straight into the text (phone
# numbers, e-mail and web addresses, times), which is found and isolated
# too. Typed into a narrow frame, where the sentence wraps over many lines,
# each datum reads whole and left to right on one line. Without the
# isolates the bidi algorithm reverses the groups of a phone number
# ("0142 555 0361"), and lines may break inside one.
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
  typed: "للاستفسار اتصلوا على 0361 555 0142 أو عبر WhatsApp على +49 176 555 0199، أو اكتبوا إلى beratung@example.org أو زوروا www.example.org/ar قبل الساعة 14:30 يوم الاثنين."
YAML
cat >>"$project/content/strings/fa.yaml" <<'YAML'
  phone: "با شماره {site.phone} تماس بگیرید یا به {site.email} بنویسید"
  literal: "با شماره +49 361 1234567 تماس بگیرید"
  typed: "برای اطلاعات بیشتر با 0361 555 0142 یا از طریق WhatsApp با +49 176 555 0199 تماس بگیرید، یا به beratung@example.org بنویسید یا به www.example.org/fa سر بزنید، تا ساعت 14:30 روز دوشنبه."
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
         x: 10, y: 40, width: 190, height: 20}
  - frames:
      - {type: text, name: typed, text: "{test.typed}", style: body,
         x: 10, y: 10, width: 62, height: 120}
YAML

for lang in ar fa; do
    "$OUTREACH" --content "$project/content" --layouts "$project/layouts" \
        render bidi --lang "$lang" -o "$work/$lang.pdf"
    text=$(pdftotext -layout -f 1 -l 1 "$work/$lang.pdf" - 2>/dev/null)
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
    *"+49 361 1234567"*) ;;
    *) fail "$lang: typed phone number not whole: $literal_line" ;;
    esac

    # The sentence over many lines: every datum whole on one line.
    lines=$(pdftotext -f 2 -l 2 "$work/$lang.pdf" - 2>/dev/null |
        LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g; s/\xe2\x81[\xa6-\xa9]//g')
    [ "$(printf '%s\n' "$lines" | grep -c .)" -ge 6 ] ||
        fail "$lang: the sentence should wrap over many lines: $lines"
    # The time typed as 14:30 follows the document's digits.
    time=١٤:٣٠
    [ "$lang" = fa ] && time=۱۴:۳۰
    for datum in "0361 555 0142" "+49 176 555 0199" beratung@example.org \
        "www.example.org/$lang" "$time"; do
        printf '%s\n' "$lines" | grep -qF -- "$datum" ||
            fail "$lang: '$datum' not whole on one line in: $lines"
    done
    outreach_list=$("$OUTREACH" --content "$project/content" \
        --layouts "$project/layouts" render bidi --lang "$lang" \
        --format list -o - 2>/dev/null | grep ' typed ')
    for datum in "0361 555 0142" "+49 176 555 0199" beratung@example.org \
        "www.example.org/$lang" "$time"; do
        case "$outreach_list" in
        *"<LRI>$datum<PDI>"*) ;;
        *) fail "$lang: '$datum' not set in a left-to-right isolate" ;;
        esac
    done
done

finish
