"""Load on 127.0.0.1, bounded: 300 requests, 16 at once, previews and PDFs
mixed. Every answer is 200 or 503 (busy, try again); none fails; the
server's memory stays flat. No timing is asserted: bench/serve prints the
latencies."""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from serve_lib import Server, check, finish

REQUESTS = int(os.environ.get("REQUESTS", "300"))
PATHS = [
    "/api/render?layout=postcard&lang=ar&as=preview",
    "/api/render?layout=postcard&lang=fa&as=pdf",
    "/api/render?layout=offer-flyer&id=erfurt-migrationsberatung-nord&lang=ru&as=preview",
    "/api/render?layout=handout&id=erfurt-gu-ringelberg&lang=fa,de&as=preview",
    "/api/render?layout=event-poster&id=jena-jobmesse-2027-02&lang=ar,de&as=pdf",
    "/api/records?kind=offer&lang=de",
    "/",
]

s = Server("--workers", "2", "--queue", "8")


def one(i):
    code, headers, body = s.request("GET", PATHS[i % len(PATHS)])
    ok = code == 200 or (code == 503 and headers.get("Retry-After"))
    return code, ok, len(body)


with ThreadPoolExecutor(16) as pool:
    warm = list(pool.map(one, range(32)))
rss_before = s.rss_kb()
with ThreadPoolExecutor(16) as pool:
    results = list(pool.map(one, range(REQUESTS)))
rss_after = s.rss_kb()
codes = {}
for code, _, _ in results:
    codes[code] = codes.get(code, 0) + 1
print("answers:", codes, file=sys.stderr)
check(all(ok for _, ok, _ in results), f"every answer 200 or 503 ({codes})")
check(codes.get(200, 0) > 0, "some rendered")
# The server holds no render state: its memory does not grow with requests.
check(rss_after < rss_before + 8 * 1024,
      f"memory flat: {rss_before} kB -> {rss_after} kB")
check(s.alive(), "still running")
code, _, leftovers = s.stop()
check(code == 0 and leftovers == [], "clean stop")
finish()
