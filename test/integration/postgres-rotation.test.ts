/**
 * The PostgreSQL rotation function (functions/postgres, the code the Lambda bundle runs) against a real PostgreSQL 15
 * with TLS only (hostssl, verify-full), Secrets Manager being the in-memory fake. While it rotates, application tasks
 * (test/support/pg-client-task.js, child processes) authenticate and query continuously with DATABASE_URL read from
 * the secret's `url` at task start; after each RotationSucceeded a rolling redeploy starts a task with the new value
 * and then stops the old one, as the redeploy function makes ECS do.
 *
 * Faults: a crash after each of the four steps, then the re-run Secrets Manager makes; a rotation that starts while
 * the previous one is pending; 50 rotations in a row. Asserted: no failed authentication or query in any task, a
 * working AWSCURRENT after every setSecret, finishSecret and crash, AWSPREVIOUS still working (the overlap), every
 * re-run converging. The summary line gives rotations, faults, authentications and time per rotation.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { ChildProcess, fork } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { bootstrapSql, passwordVariable, ROLE_NAMES } from "../../components/database/roles";
import { connectionUrl, createHandler, PostgresSecret } from "../../functions/postgres";
import { CURRENT, PENDING, PREVIOUS, RotationEvent, STEPS } from "../../functions/shared/rotation";
import { FakeSecretsManager, InjectedFault } from "../support/fake-secrets-manager";
import { DATABASE, MASTER_PASSWORD, MASTER_USER, pgSuite, PostgresServer, startPostgres } from "../support/postgres";

const [suite, title] = pgSuite("PostgreSQL alternating-users rotation on a real server over verify-full TLS");
const INITIAL: Record<string, string> = {
  readonly: "ro-Pw_0123456789abcdefghijABCDEFGHIJ0123",
  app_rw: "rw-Pw_0123456789abcdefghijABCDEFGHIJ0123",
  migrator: "mg-Pw_0123456789abcdefghijABCDEFGHIJ0123",
};
const TASK = path.join(__dirname, "..", "support", "pg-client-task.js");

interface TaskCounts {
  auths: number;
  authFailures: number;
  queries: number;
  queryFailures: number;
  errors: string[];
}

suite(title, () => {
  let pg: PostgresServer;
  let ca = "";
  const sm = new FakeSecretsManager();
  const arns: Record<string, string> = {};
  let handler: (e: RotationEvent) => Promise<void>;
  const stats = { rotations: 0, faults: 0, probes: 0, durations: [] as number[], redeploys: [] as number[] };
  const finished: TaskCounts[] = [];
  let task: ChildProcess | undefined;

  const secretAt = (role: string, stage: string): PostgresSecret => JSON.parse(sm.valueAt(arns[role], stage)!);

  /** Logs in with a secret's fields over verify-full TLS and runs a query; returns session and current user. */
  const login = async (s: PostgresSecret): Promise<string> => {
    const c = new Client({ host: s.host, port: s.port, database: s.dbname, user: s.username, password: s.password, ssl: { ca, rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      const r = await c.query("SELECT session_user || '/' || current_user AS who");
      return r.rows[0].who;
    } finally {
      await c.end();
    }
  };
  /** 0 moments without a working current credential: checked after every step and every crash. */
  const probeCurrent = async (role: string) => {
    stats.probes++;
    const s = secretAt(role, CURRENT);
    await expect(login(s)).resolves.toBe(`${s.username}/${role}`);
  };

  /**
   * A task process forked ahead (the image pulled, the container not yet started): it reads nothing until `start`
   * hands it the environment ECS injects at container start.
   */
  let spare: ChildProcess | undefined;
  const forkTask = () => fork(TASK, [], { env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: pg.certs.ca }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  /** Starts a task with the role's AWSCURRENT url, read now (task start), and waits until it has authenticated. */
  const startTask = async (role: string): Promise<ChildProcess> => {
    const child = spare ?? forkTask();
    spare = forkTask();
    child.send({ env: { DATABASE_URL: secretAt(role, CURRENT).url, TASK_QUERY: "SELECT count(*) FROM orders" } });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("task did not become ready in 10 s")), 10000);
      child.once("message", (m: any) => (m?.ready ? (clearTimeout(timer), resolve()) : reject(new Error(JSON.stringify(m)))));
      child.once("exit", (code) => reject(new Error(`task exited with ${code}`)));
    });
    return child;
  };
  const stopTask = async (child: ChildProcess): Promise<void> => {
    const counts = await new Promise<TaskCounts>((resolve) => {
      child.on("message", (m: any) => m?.done && resolve(m.done));
      child.send("stop");
    });
    finished.push(counts);
  };
  /** RotationSucceeded → rolling redeploy: the new task is up before the old one stops. */
  const redeploy = async (role: string) => {
    const started = performance.now();
    const next = await startTask(role);
    if (task) await stopTask(task);
    task = next;
    stats.redeploys.push(performance.now() - started);
  };

  /** One rotation as Secrets Manager runs it, timed, then the redeploy; returns the token. */
  const rotate = async (role: string, opts: Parameters<FakeSecretsManager["rotate"]>[2] = {}) => {
    const started = performance.now();
    const r = await sm.rotate(arns[role], handler, opts);
    stats.durations.push(performance.now() - started);
    stats.rotations++;
    return r;
  };

  beforeAll(async () => {
    pg = startPostgres("pg-rotation");
    ca = fs.readFileSync(pg.certs.ca, "utf8");
    const file = path.join(pg.dir, "roles.sql");
    fs.writeFileSync(file, `${bootstrapSql().roles}\nSET ROLE migrator;\nCREATE TABLE orders (id serial PRIMARY KEY, note text);\nRESET ROLE;\n`);
    const boot = pg.psql(MASTER_USER, MASTER_PASSWORD, [...ROLE_NAMES.flatMap((r) => ["-v", `${passwordVariable(r)}=${INITIAL[r]}`]), "-f", file]);
    if (boot.status !== 0) throw new Error(`bootstrap failed: ${boot.stderr}`);
    const masterarn = sm.createSecret("rds!db-master", JSON.stringify({ username: MASTER_USER, password: MASTER_PASSWORD }));
    for (const role of ROLE_NAMES) {
      const s = { engine: "postgres", host: "127.0.0.1", port: pg.port, username: role, password: INITIAL[role], dbname: DATABASE, masterarn };
      arns[role] = sm.createSecret(`/shop/prod/db/${role}`, JSON.stringify({ ...s, url: connectionUrl(s) }));
    }
    const inner = createHandler(sm, { ca }, () => undefined);
    // After every step that changes the server (setSecret) or the stages (finishSecret), AWSCURRENT must still log in;
    // createSecret and testSecret change neither (crashes after them are probed below too).
    handler = async (e) => {
      await inner(e);
      if (e.Step === "setSecret" || e.Step === "finishSecret") await probeCurrent(Object.keys(arns).find((r) => arns[r] === e.SecretId)!);
    };
    task = await startTask("app_rw");
  }, 60000);

  afterAll(async () => {
    if (task) await stopTask(task).catch(() => undefined);
    spare?.kill();
    pg?.stop();
    const d = [...stats.durations].sort((a, b) => a - b);
    const sum = (k: keyof TaskCounts) => finished.reduce((n, c) => n + (c[k] as number), 0);
    if (d.length) {
      process.stdout.write(
        `postgres rotation: ${stats.rotations} rotations, ${stats.faults} faults injected, ${stats.probes} AWSCURRENT probes, ` +
          `${finished.length} tasks: ${sum("auths")} authentications (${sum("authFailures")} failed), ${sum("queries")} queries (${sum("queryFailures")} failed); ` +
          `time per rotation: mean ${(d.reduce((a, b) => a + b, 0) / d.length).toFixed(0)} ms, median ${d[Math.floor(d.length / 2)].toFixed(0)} ms, max ${d[d.length - 1].toFixed(0)} ms; rolling redeploy: mean ${(stats.redeploys.reduce((a, b) => a + b, 0) / stats.redeploys.length).toFixed(0)} ms\n`,
      );
    }
  });

  it("rotates to the other login: AWSCURRENT moves to app_rw_clone, AWSPREVIOUS (app_rw) keeps working, url follows", async () => {
    const before = secretAt("app_rw", CURRENT);
    const { token } = await rotate("app_rw");
    await redeploy("app_rw");
    const now = secretAt("app_rw", CURRENT);
    expect(now.username).toBe("app_rw_clone");
    expect(now.url).toBe(`postgresql://app_rw_clone:${encodeURIComponent(now.password)}@127.0.0.1:${pg.port}/shop?sslmode=verify-full`);
    expect(now.password).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(sm.stages(arns.app_rw)[token]).toEqual([CURRENT, PENDING]);
    expect(secretAt("app_rw", PREVIOUS)).toEqual(before);
    await expect(login(before)).resolves.toBe("app_rw/app_rw"); // the overlap: the previous value still works
    await expect(login(now)).resolves.toBe("app_rw_clone/app_rw");
    // Same grants, same settings as the role; no password in clear reached the server's catalog.
    expect(pg.owner("SELECT rolpassword LIKE 'SCRAM-SHA-256$4096:%' FROM pg_authid WHERE rolname = 'app_rw_clone'")).toBe("t");
    expect(
      pg
        .psql("app_rw_clone", now.password, ["-c", "SHOW statement_timeout", "-c", "WITH i AS (INSERT INTO orders (note) VALUES ('clone') RETURNING note) SELECT note FROM i"])
        .stdout.trim()
        .split("\n"),
    ).toEqual(["5s", "clone"]);
    expect(pg.psql("app_rw_clone", now.password, ["-c", "CREATE TABLE t (id int)"]).stderr).toMatch(/permission denied for schema public/);
  }, 30000);

  it("the second rotation gives app_rw a new password: the value from two rotations ago stops working, the previous one works", async () => {
    const twoAgo = secretAt("app_rw", PREVIOUS);
    const previous = secretAt("app_rw", CURRENT);
    await rotate("app_rw");
    await redeploy("app_rw");
    expect(secretAt("app_rw", CURRENT).username).toBe("app_rw");
    await expect(login(previous)).resolves.toBe("app_rw_clone/app_rw");
    await expect(login(twoAgo)).rejects.toThrow(/password authentication failed for user "app_rw"/);
  }, 30000);

  it.each(STEPS.map((s) => [s]))(
    "converges after a crash after %s and the re-run Secrets Manager makes",
    async (step) => {
      const before = secretAt("app_rw", CURRENT);
      stats.faults++;
      const crash = await rotate("app_rw", { failAfter: step }).catch((e) => e);
      expect(crash).toBeInstanceOf(InjectedFault);
      stats.rotations--; // counted once, when it completes
      await probeCurrent("app_rw");
      const token = (crash as InjectedFault).token;
      if (step === "finishSecret") {
        // The step did its work before the crash; Lambda's retry of the step is a no-op.
        await handler({ SecretId: arns.app_rw, ClientRequestToken: token, Step: "finishSecret" });
        stats.rotations++;
      } else {
        await expect(rotate("app_rw")).resolves.toEqual({ token, resumed: true });
      }
      await redeploy("app_rw");
      const now = secretAt("app_rw", CURRENT);
      expect(sm.stages(arns.app_rw)[token]).toEqual([CURRENT, PENDING]);
      expect(now.username).not.toBe(before.username);
      expect(secretAt("app_rw", PREVIOUS)).toEqual(before);
      await expect(login(before)).resolves.toBe(`${before.username}/app_rw`);
    },
    30000,
  );

  it("a rotation that starts while the previous one is pending (after its setSecret) takes over and converges", async () => {
    const before = secretAt("app_rw", CURRENT);
    stats.faults++;
    const crash = (await rotate("app_rw", { failAfter: "setSecret" }).catch((e) => e)) as InjectedFault;
    stats.rotations--;
    const stale = crash.token;
    const fresh = "ffffffff-0000-4000-8000-000000000001";
    await expect(rotate("app_rw", { token: fresh })).resolves.toEqual({ token: fresh, resumed: false });
    await redeploy("app_rw");
    expect(sm.stages(arns.app_rw)[stale]).toBeUndefined();
    expect(sm.stages(arns.app_rw)[fresh]).toEqual([CURRENT, PENDING]);
    expect(secretAt("app_rw", PREVIOUS)).toEqual(before);
    await expect(login(before)).resolves.toBe(`${before.username}/app_rw`);
  }, 30000);

  it("rotates 50 times in a row with tasks redeployed after each, without a failed authentication or query", async () => {
    for (let i = 0; i < 50; i++) {
      const previous = secretAt("app_rw", CURRENT);
      await rotate("app_rw");
      await redeploy("app_rw");
      expect(secretAt("app_rw", CURRENT).username).not.toBe(previous.username);
    }
    await stopTask(task!);
    task = undefined;
    const failures = finished.flatMap((c) => c.errors);
    expect(failures).toEqual([]);
    expect(finished.reduce((n, c) => n + c.authFailures + c.queryFailures, 0)).toBe(0);
    expect(finished.every((c) => c.auths >= 2 && c.queries >= 2)).toBe(true);
    expect(finished.length).toBe(58);
  }, 120000);

  it("rotates migrator and readonly through their clones: objects stay owned by the role, grants follow", async () => {
    for (const role of ["migrator", "readonly"]) {
      await rotate(role);
      expect(secretAt(role, CURRENT).username).toBe(`${role}_clone`);
    }
    const mig = secretAt("migrator", CURRENT);
    const ro = secretAt("readonly", CURRENT);
    expect(pg.psql(mig.username, mig.password, ["-c", "CREATE TABLE audit_trail (id int)", "-c", "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_trail'"]).stdout.trim()).toBe("migrator");
    expect(pg.psql(ro.username, ro.password, ["-c", "SELECT count(*) FROM orders"]).stdout.trim()).toMatch(/^\d+$/);
    expect(pg.psql(ro.username, ro.password, ["-c", "DELETE FROM orders"]).stderr).toMatch(/permission denied for table orders/);
  }, 30000);
});
