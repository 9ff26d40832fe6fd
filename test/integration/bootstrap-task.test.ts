/**
 * Runs the prod stack's `db-bootstrap` one-off task command (as the program defines it: shell, psql reading the
 * SQL from its environment, role passwords from its secrets) against a throwaway local PostgreSQL 15 over TLS with
 * `sslmode=verify-full`, as a master user that is not a superuser (like the RDS master). `wget` (the CA bundle
 * download) is replaced by a copy of the test CA; pgaudit is not installed locally, so its CREATE EXTENSION is left out.
 *
 * Skips (with the reason in the test name) when the server binaries or openssl are absent, except in CI (CI set),
 * where it fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bootstrapSql, ROLE_NAMES } from "../../components/database/roles";
import { captureStack } from "../support/program";
import { hasOpenssl, makeCertificates, TestCertificates } from "../support/tls";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const PSQL = ["/usr/bin/psql", path.join(BIN, "psql")].find((p) => fs.existsSync(p));
const available = fs.existsSync(path.join(BIN, "initdb")) && fs.existsSync(path.join(BIN, "pg_ctl")) && PSQL !== undefined && hasOpenssl();
// In CI a server that cannot start fails the suite (.ci/run and the workflow install them); elsewhere it skips.
const suite = available || process.env.CI ? describe : describe.skip;
const title = available ? "the db-bootstrap one-off task on a real PostgreSQL over TLS" : `the db-bootstrap one-off task on a real PostgreSQL over TLS (skipped: needs initdb/pg_ctl/psql under ${BIN} (set PG_BIN) and openssl)`;
const isRoot = process.getuid?.() === 0;
const PASSWORDS: Record<string, string> = { readonly: "ro-Pw_0123456789abcdefghijABCDEFGHIJ0123", app_rw: "rw-Pw_0123456789abcdefghijABCDEFGHIJ0123", migrator: "mg-Pw_0123456789abcdefghijABCDEFGHIJ0123" };

suite(title, () => {
  let dir = "";
  let port = 0;
  let started = false;
  let certs: TestCertificates;
  let container: any;

  const server = (cmd: string, args: string[]) => {
    const r = isRoot ? spawnSync("runuser", ["-u", "postgres", "--", path.join(BIN, cmd), ...args], { encoding: "utf8" }) : spawnSync(path.join(BIN, cmd), args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };

  /** The task's environment and secrets as ECS would inject them, pointed at the local server. */
  const taskEnv = (): Record<string, string> => {
    const env: Record<string, string> = Object.fromEntries(container.environment.map((e: any) => [e.name, e.value]));
    const secrets: Record<string, string> = { PGUSER: "dbadmin", PGPASSWORD: "master-Pw", ...Object.fromEntries(ROLE_NAMES.map((r) => [`${r.toUpperCase()}_PASSWORD`, PASSWORDS[r]])) };
    expect(Object.keys(secrets).sort()).toEqual(container.secrets.map((s: any) => s.name));
    return {
      PATH: `${path.join(dir, "bin")}:${BIN}:/usr/bin:/bin`,
      TEST_CA: certs.ca,
      ...env,
      ...secrets,
      PGHOST: "127.0.0.1",
      PGPORT: String(port),
      PGDATABASE: "shop",
      PGSSLROOTCERT: path.join(dir, "rds-global-bundle.pem"),
      BOOTSTRAP_SQL: env.BOOTSTRAP_SQL.replace(bootstrapSql().extensions, ""),
      PGCONNECT_TIMEOUT: "5",
    };
  };

  beforeAll(async () => {
    const cap = await captureStack("prod");
    [container] = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", "db-bootstrap-task").inputs.containerDefinitions);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pg-bootstrap-task-"));
    fs.chmodSync(dir, 0o777);
    certs = makeCertificates(dir);
    // `wget -qO <file> <url>` stands for the CA bundle download: it copies the test CA.
    fs.mkdirSync(path.join(dir, "bin"));
    fs.writeFileSync(path.join(dir, "bin", "wget"), '#!/bin/sh\n[ "$1" = "-qO" ] || exit 2\ncp "$TEST_CA" "$2"\n', { mode: 0o755 });
    if (isRoot) spawnSync("chown", ["-R", "postgres", dir]);
    port = 20000 + Math.floor(Math.random() * 20000);
    const pwfile = path.join(dir, "pw");
    fs.writeFileSync(pwfile, "super-Pw\n", { mode: 0o644 });
    server("initdb", ["-D", path.join(dir, "data"), "-U", "owner", "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"]);
    fs.writeFileSync(path.join(dir, "data", "pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n");
    server("pg_ctl", ["-D", path.join(dir, "data"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on -c ssl_cert_file=${certs.cert} -c ssl_key_file=${certs.key}`, "-l", path.join(dir, "log"), "-w", "-t", "20", "start"]);
    started = true;
    const setup = spawnSync(PSQL!, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", String(port), "-U", "owner", "-d", "postgres", "-c", "CREATE ROLE dbadmin LOGIN CREATEROLE CREATEDB PASSWORD 'master-Pw'", "-c", "CREATE DATABASE shop OWNER dbadmin"], { encoding: "utf8" });
    if (setup.status !== 0) throw new Error(setup.stderr);
  }, 120000);

  afterAll(() => {
    if (started) server("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "stop"]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates the three roles with the passwords from their secrets, over verify-full TLS, and can run again", () => {
    expect(container.environment.find((e: any) => e.name === "BOOTSTRAP_SQL").value).toBe(bootstrapSql().all);
    for (let run = 0; run < 2; run++) {
      const r = spawnSync(container.command[0], container.command.slice(1), { env: taskEnv(), encoding: "utf8" });
      expect({ run, status: r.status, stderr: r.status === 0 ? "" : r.stderr }).toEqual({ run, status: 0, stderr: "" });
    }
    for (const role of ROLE_NAMES) {
      const login = spawnSync(PSQL!, ["-X", "-A", "-t", "-c", "SELECT current_user || ' ' || (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())"], {
        env: { ...taskEnv(), PGUSER: role, PGPASSWORD: PASSWORDS[role] },
        encoding: "utf8",
      });
      expect(login.stdout.trim()).toBe(`${role} true`);
    }
  });

  it("passes its health check once it has the CA bundle and the database answers", () => {
    const [kind, command] = container.healthCheck.command;
    expect(kind).toBe("CMD-SHELL");
    expect(spawnSync("sh", ["-c", command], { env: taskEnv(), encoding: "utf8" }).status).toBe(0);
  });
});
