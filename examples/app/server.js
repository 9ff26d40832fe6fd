"use strict";
/**
 * Example app for HardenedService: a dependency-free HTTP server on port 8000 with /health.
 * Logs one JSON line per request to stdout (awslogs ships it; LOG-1) and writes nothing to disk,
 * so it runs on a read-only root filesystem.
 */
const http = require("http");
const keyring = require("./keyring");

const port = Number(process.env.PORT || 8000);

function log(fields) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

// ENCRYPTION_KEY holds the keyring, read once at start (ECS injects AWSCURRENT; each rotation redeploys the task).
// New data: keyring.encrypt(ring, text); stored data: keyring.decrypt(ring, ciphertext) picks the version it names.
const ring = process.env.ENCRYPTION_KEY ? keyring.parseKeyring(process.env.ENCRYPTION_KEY) : undefined;

const server = http.createServer((req, res) => {
  const started = Date.now();
  const headers = {
    "content-type": "application/json",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=31536000; includeSubDomains",
  };
  let status = 404;
  let body = { error: "not found" };
  if (req.method === "GET" && req.url === "/health") {
    status = 200;
    body = { status: "ok" };
  } else if (req.method === "GET" && req.url === "/") {
    status = 200;
    body = { service: "example", environment: process.env.NODE_ENV || "development" };
  }
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
  if (req.url !== "/health") log({ level: "info", method: req.method, path: req.url, status, ms: Date.now() - started });
});

server.listen(port, () => log({ level: "info", msg: `listening on ${port}`, ...(ring ? { keyring: { current: ring.current, versions: Object.keys(ring.keys).length } } : {}) }));

// ECS sends SIGTERM on scale-in and deployments: finish in-flight requests, then exit.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    log({ level: "info", msg: `${signal}: draining` });
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10000).unref();
  });
}
