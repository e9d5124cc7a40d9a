"""The event form writes times in the site's own time zone (site.yaml
`timezone:`), with that zone's offset on the event's day, not Germany's."""
import glob
import os
import re
import shutil
import tempfile

from serve_lib import SOURCE_DIR, Server, check, finish

content = os.path.join(tempfile.mkdtemp(prefix="outreach-zone-"), "content")
shutil.copytree(os.path.join(SOURCE_DIR, "content"), content)
site = os.path.join(content, "site.yaml")
with open(site, encoding="utf-8") as f:
    text = f.read()
text, n = re.subn(r"(?m)^timezone: .*$", "timezone: America/New_York", text)
check(n == 1, "the example site names its time zone")
with open(site, "w", encoding="utf-8") as f:
    f.write(text)

s = Server(content=content)
fields = {
    "action": "save",
    "title_de": "Sommerfest", "title_en": "Summer party",
    "title_ar": "حفلة الصيف", "title_fa": "جشن تابستان",
    "text_de": "Wir feiern zusammen.", "text_en": "We celebrate together.",
    "text_ar": "نحتفل معاً.", "text_fa": "با هم جشن می‌گیریم.",
    "date": "2027-07-01", "start": "18:00", "end": "21:00",
    "venue": "Stadtteilzentrum Herrenberg", "street": "Sofioter Straße 5",
    "postcode": "99091", "town": "Erfurt", "lat": "50.9482",
    "lon": "11.0583", "district": "Erfurt",
    "organizer": "Nachbarschaftshilfe Herrenberg",
    "category": "clubs-meeting-places",
}
status, _, body = s.post("/api/event", fields)
check(status == 200, f"the event is accepted ({status}: {body[:300]!r})")
saved = glob.glob(os.path.join(content, "events", "*.yaml"))
check(len(saved) == 1, f"one event file saved ({saved})")
if saved:
    with open(saved[0], encoding="utf-8") as f:
        event = f.read()
    check('"2027-07-01T18:00:00-04:00"' in event,
          "start written with New York's summer offset")
    check('"2027-07-01T21:00:00-04:00"' in event,
          "end written with New York's summer offset")
s.stop()
finish()
