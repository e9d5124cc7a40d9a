"""A stand-in for the Integreat CMS API on 127.0.0.1, for the import tests.

Serves the saved responses in DIR under the API's addresses and, for some
region names, fails the way a real server or network can:
  notfound  404 for every address      broken    500 for every address
  html      a web page instead of data truncated the data cut off
  slow      no answer for 30 seconds   huge      more data than allowed
  other     a region whose data names another region
A language of a region with no saved places or events answers an empty
list; a missing location-categories file answers 404, as an older CMS.
With --tls CERT KEY it speaks HTTPS with that certificate.
Prints the port it listens on, then serves until it is killed.
"""
import http.server
import os
import re
import ssl
import sys
import time

root = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, kind="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        m = re.fullmatch(r"/api/v3/regions/([^/]+)/", path)
        n = re.fullmatch(r"/api/v3/([^/]+)/([^/]+)/(locations|location-categories|events)/", path)
        region = m.group(1) if m else n.group(1) if n else None
        if region == "notfound":
            return self.send(404, b'{"error": "Region not found"}')
        if region == "broken":
            return self.send(500, b"<h1>Server Error (500)</h1>", "text/html")
        if region == "html":
            return self.send(200, b"<!DOCTYPE html><html><body>Login</body></html>",
                             "text/html")
        if region == "slow":
            time.sleep(30)
            return self.send(200, b"{}")
        if region == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b" " * 1048576
            try:
                for _ in range(40):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        saved = "erfurt" if region in ("truncated", "other") else region
        if m:
            name = f"regions_{saved}.json"
        elif n:
            name = f"{saved}_{n.group(2)}_{n.group(3)}.json"
        else:
            return self.send(404, b'{"error": "not found"}')
        file = os.path.join(root, name)
        if not os.path.isfile(file):
            # A language of the region with nothing saved has no places or
            # events; an older CMS has no location-categories address.
            known = os.path.isfile(os.path.join(root, f"regions_{saved}.json"))
            if n and known and n.group(3) != "location-categories":
                return self.send(200, b"[]")
            return self.send(404, b'{"error": "not found"}')
        body = open(file, "rb").read()
        if region == "truncated":
            return self.send(200, body[: len(body) // 2])
        self.send(200, body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) == 5 and sys.argv[2] == "--tls":
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
