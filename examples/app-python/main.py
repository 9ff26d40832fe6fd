"""Example app for HardenedService in Python: a dependency-free HTTP server on port 8000 with /health.

Logs one JSON line per request to stdout (awslogs ships it; LOG-1) and writes nothing to disk, so it runs on a
read-only root filesystem. The FastAPI/uvicorn applications this stands in for keep the same contract: port 8000,
GET /health, JSON logs on stdout, no local files.
"""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8000"))
HEADERS = {
    "content-type": "application/json",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def log(**fields):
    sys.stdout.write(json.dumps({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **fields}) + "\n")
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    server_version = "app"
    sys_version = ""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        started = time.monotonic()
        if self.path == "/health":
            status, body = 200, {"status": "ok"}
        elif self.path == "/":
            status, body = 200, {"service": "example", "environment": os.environ.get("ENVIRONMENT", "unknown")}
        else:
            status, body = 404, {"error": "not found"}
        payload = json.dumps(body).encode()
        self.send_response(status)
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        log(method="GET", path=self.path, status=status, ms=round((time.monotonic() - started) * 1000, 1))

    def log_message(self, *args):  # the JSON line above replaces the default stderr log
        pass


if __name__ == "__main__":
    log(event="listening", port=PORT)
    ThreadingHTTPServer(("0.0.0.0", PORT), Handler).serve_forever()
