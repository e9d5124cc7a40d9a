"""The render pool: a crashing render fails only its request, a slow one
hits the time limit, a full queue answers 503 with Retry-After, and SIGTERM
lets the request in flight finish before the server exits."""
import threading
import time

from serve_lib import Server, check, finish

CRASH = "/api/render?layout=offer-flyer&lang=de&as=pdf&id=fault-test"
GOOD = "/api/render?layout=postcard&lang=ar&as=preview"

s = Server("--workers", "1", "--queue", "0",
           env={"OUTREACH_SERVE_FAULT": "crash"})
code, _, body = s.request("GET", CRASH)
check(code == 500 and b"worker stopped" in body, f"crashing render: 500 ({code})")
check(s.request("GET", GOOD)[0] == 200, "the next render: 200")
s.stop()

# A time limit short for the test, long enough for a preview on a busy
# machine.
s = Server("--workers", "1", "--queue", "0", "--time-limit", "10",
           env={"OUTREACH_SERVE_FAULT": "hang"})
result = {}
slow = threading.Thread(target=lambda: result.update(
    hang=s.request("GET", CRASH)[0]))
slow.start()
time.sleep(1)
code, headers, _ = s.request("GET", GOOD)
check(code == 503 and headers.get("Retry-After") == "2",
      f"the only worker busy, no queue: 503 with Retry-After ({code})")
slow.join()
check(result.get("hang") == 504, f"a render past the time limit: 504 ({result})")
check(s.request("GET", GOOD)[0] == 200, "the worker free again: 200")

s.stop()

# SIGTERM with a request in flight (every render takes 3 s more here): it
# is answered, then the server exits.
s = Server(env={"OUTREACH_SERVE_FAULT": "slow"})
inflight = threading.Thread(target=lambda: result.update(
    last=s.request("GET", "/api/render?layout=handout&id=erfurt-gu-ringelberg"
                   "&lang=fa,de&as=pdf")))
inflight.start()
time.sleep(1)
code, err, leftovers = s.stop()
inflight.join()
last = result.get("last")
check(last is not None and last[0] == 200 and last[2].startswith(b"%PDF") and
      b"%%EOF" in last[2][-1024:], "the request in flight got its whole PDF")
check(code == 0 and "stopping" in err, f"exit 0 after SIGTERM ({code})")
check(leftovers == [], f"no working files left ({leftovers})")
finish()
