"""Starts `outreach serve` for a test and talks HTTP to it with the standard
library only. OUTREACH and SOURCE_DIR come from the environment (ctest)."""
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

OUTREACH = os.environ["OUTREACH"]
SOURCE_DIR = os.environ["SOURCE_DIR"]

failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def finish():
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("all passed")


class Server:
    """A running server on 127.0.0.1 with a port the system chose."""

    def __init__(self, *args, env=None, content=None):
        self.tmp = tempfile.mkdtemp(prefix="outreach-serve-test-")
        environment = dict(os.environ, TMPDIR=self.tmp)
        environment.update(env or {})
        command = [OUTREACH, "serve", "--listen", "127.0.0.1:0"]
        if content:
            command += ["--content", content]
        self.proc = subprocess.Popen(
            command + list(args), cwd=SOURCE_DIR, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError("server did not start: " + line +
                               self.proc.stderr.read())
        self.port = int(match.group(1))
        self.host = f"127.0.0.1:{self.port}"
        self.origin = f"http://{self.host}"
        self.csrf = self.json("GET", "/api/info")[1]["csrf"]

    def request(self, method, path, body=None, headers=None, timeout=120):
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        all_headers = {"Host": self.host}
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), data

    def json(self, method, path, **kw):
        import json
        status, headers, data = self.request(method, path, **kw)
        try:
            return status, json.loads(data)
        except ValueError:
            return status, None

    def post(self, path, fields, token=True, origin=True, extra=None):
        from urllib.parse import urlencode
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if origin:
            headers["Origin"] = self.origin
        if token:
            headers["X-CSRF-Token"] = self.csrf
        headers.update(extra or {})
        return self.request("POST", path, body=urlencode(fields),
                            headers=headers)

    def alive(self):
        return self.proc.poll() is None

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        """SIGTERM; returns the exit status and what the server wrote."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        leftovers = os.listdir(self.tmp)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.proc.returncode, err, leftovers
