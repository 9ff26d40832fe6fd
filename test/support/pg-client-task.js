/**
 * An application task as the README tells apps to run: DATABASE_URL is injected from the role secret's `url` key when
 * the task starts (ECS `valueFrom: <arn>:url::`; here the start message carries it, the process being forked ahead), the RDS CA bundle is trusted through NODE_EXTRA_CA_CERTS, and the
 * task keeps one long-lived connection (a pool's) plus a new connection per request. Until told "stop" over IPC it
 * authenticates and queries continuously, then reports how many authentications and queries succeeded and failed.
 */
"use strict";
const { Client } = require("pg");

const counts = { auths: 0, authFailures: 0, queries: 0, queryFailures: 0, errors: [] };
let stopping = false;
let url;
let query;
let pauseMs;

const connect = async () => {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on("error", () => undefined);
  try {
    await c.connect();
    counts.auths++;
    return c;
  } catch (e) {
    counts.authFailures++;
    counts.errors.push(String(e.message));
    return undefined;
  }
};

const run = async (c) => {
  try {
    await c.query(query);
    counts.queries++;
  } catch (e) {
    counts.queryFailures++;
    counts.errors.push(String(e.message));
  }
};

/** The container starts: its environment (with the secret's value) arrives now, the way ECS injects it at start. */
const started = new Promise((resolve) => {
  process.on("message", (m) => {
    if (m === "stop") stopping = true;
    else if (m && m.env) {
      Object.assign(process.env, m.env);
      url = process.env.DATABASE_URL;
      query = process.env.TASK_QUERY || "SELECT 1";
      pauseMs = Number(process.env.TASK_PAUSE_MS || "25");
      resolve();
    }
  });
});

(async () => {
  await started;
  const pooled = await connect();
  let ready = false;
  while (!stopping) {
    const c = await connect();
    if (c) {
      await run(c);
      await c.end().catch(() => undefined);
    }
    if (pooled) await run(pooled);
    if (!ready && counts.auths > 0 && counts.queries > 0) {
      ready = true;
      process.send({ ready: true });
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  if (pooled) await pooled.end().catch(() => undefined);
  counts.errors = counts.errors.slice(0, 5);
  process.send({ done: counts }, () => process.exit(0));
})();
