"""`outreach serve` under attack: each attempt is refused with the right
status, and the server keeps serving."""
import os
import socket
import subprocess
import threading
import time

from serve_lib import OUTREACH, SOURCE_DIR, Server, check, finish

RENDER = "/api/render?layout=handout&lang=de&as=pdf&id="

s = Server("--idle-timeout", "2", "--max-connections", "32")


def status(path, **kw):
    return s.request("GET", path, **kw)[0]


# Ids and names that try to become paths.
for bad in ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd",
            "%2Fetc%2Fpasswd", "erfurt-gu-ringelberg/../x", "a%00b",
            "UPPER", "x" * 65]:
    check(status(RENDER + bad) == 400, f"id {bad[:30]!r} refused with 400")
check(status("/api/render?layout=../layouts/postcard&lang=de&as=pdf") == 404,
      "layout ../layouts/postcard refused with 404")
check(status("/api/render?layout=%2Fetc%2Fpasswd&lang=de&as=pdf") == 404,
      "layout /etc/passwd refused with 404")
check(status("/api/render?layout=postcard&lang=../de&as=pdf") == 400,
      "language ../de refused with 400")
check(status(RENDER + "no-such-shelter") == 404, "unknown record: 404")
conn = socket.create_connection(("127.0.0.1", s.port))
conn.sendall(b"GET /../../etc/passwd HTTP/1.1\r\nHost: " + s.host.encode() +
             b"\r\nConnection: close\r\n\r\n")
raw = conn.recv(65536)
conn.close()
check(raw.startswith(b"HTTP/1.1 404") and b"root:" not in raw,
      "GET /../../etc/passwd: 404, no file")
check(status("/api/campaign.zip?id=..%2F..") == 404, "campaign id ../..: 404")

# DNS rebinding: a foreign Host header.
for host in ["evil.example", "evil.example:%d" % s.port, "127.0.0.1.evil:80"]:
    check(status("/api/info", headers={"Host": host}) == 421,
          f"Host {host}: 421")

# State-changing requests from elsewhere, or without the page's token.
code, _, _ = s.post("/api/campaign", {"name": "winter-2026"},
                    extra={"Origin": "http://evil.example"})
check(code == 403, "cross-origin POST: 403")
code, _, _ = s.post("/api/campaign", {"name": "winter-2026"}, origin=False,
                    extra={"Sec-Fetch-Site": "cross-site"})
check(code == 403, "POST with Sec-Fetch-Site: cross-site: 403")
code, _, _ = s.post("/api/campaign", {"name": "winter-2026"}, token=False)
check(code == 403, "POST without token: 403")
code, _, _ = s.post("/api/campaign", {"name": "winter-2026"},
                    extra={"X-CSRF-Token": "0" * 64})
check(code == 403, "POST with a wrong token: 403")
check(status("/api/info", body=b"", headers={}) == 200, "GET still 200")
code, _, _ = s.request("PUT", "/api/event", body=b"x")
check(code == 405, "PUT: 405")

# Too much: a 100 MB body (with a length, and chunked without one), a long
# query.
headers = {"Origin": s.origin, "X-CSRF-Token": s.csrf,
           "Content-Type": "application/x-www-form-urlencoded"}
# The refusal comes before the body is read: the first megabyte is sent,
# then the answer read.
conn = socket.create_connection(("127.0.0.1", s.port), timeout=30)
head = ("POST /api/event HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\n"
        "X-CSRF-Token: %s\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
        % (s.host, s.origin, s.csrf, 100 * 1024 * 1024))
conn.sendall(head.encode() + b"a=" + b"x" * (1024 * 1024))
answer = conn.recv(4096)
conn.close()
check(answer.startswith(b"HTTP/1.1 413"),
      f"100 MB body: 413 ({answer[:12]!r})")


def chunks():
    piece = b"x" * (1024 * 1024)
    yield b"a="
    for _ in range(100):
        yield piece


try:
    code = s.request("POST", "/api/event", body=chunks(),
                     headers=dict(headers, **{"Transfer-Encoding": "chunked"}))[0]
except (BrokenPipeError, ConnectionResetError):
    code = "reset"
check(code in (413, "reset"), f"100 MB chunked body: 413 or cut off ({code})")
check(status("/api/info?x=" + "a" * 5000) == 414, "5000-byte query: 414")
code = status("/api/info?x=" + "a" * 60000)
check(code in (414, 431), f"60000-byte query: 414/431 ({code})")
check(s.alive() and status("/api/info") == 200, "still serving after bodies")

# 1,000 idle connections: the server holds at most its limit, drops idle
# ones after the idle timeout, and serves again while the attacker's
# sockets are still open.
idle = []
for _ in range(1000):
    try:
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", s.port))
        idle.append(sock)
    except OSError:
        break
time.sleep(4)
code = None
for _ in range(20):
    try:
        code = s.request("GET", "/api/info", timeout=5)[0]
        break
    except OSError:
        time.sleep(0.5)
check(code == 200, f"served with {len(idle)} idle connections open ({code})")
threads = int(open(f"/proc/{s.proc.pid}/status").read().split("Threads:")[1]
              .split()[0])
check(threads < 64, f"server threads bounded ({threads})")
for sock in idle:
    sock.close()

check(s.alive() and status("/api/render?layout=postcard&lang=fa&as=preview") ==
      200, "a preview after all of it: 200")
code, err, leftovers = s.stop()
check(code == 0, "SIGTERM: exit 0")
check(leftovers == [], f"no working files left ({leftovers})")

# Anything but loopback needs TLS and a password, or the server refuses to
# start.
for listen in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8080"]:
    run = subprocess.run([OUTREACH, "serve", "--listen", listen],
                         cwd=SOURCE_DIR, capture_output=True, text=True,
                         timeout=30)
    check(run.returncode == 2 and "E910" in run.stderr,
          f"--listen {listen} without TLS refused")
run = subprocess.run([OUTREACH, "serve", "--listen", "0.0.0.0:0",
                      "--tls-cert", "x.pem"], cwd=SOURCE_DIR,
                     capture_output=True, text=True, timeout=30)
check(run.returncode == 2, "TLS with a certificate but no key refused")

finish()
