/**
 * A throwaway PostgreSQL 15 cluster for integration tests: TLS with a test CA and a certificate for 127.0.0.1,
 * host connections over TLS only (hostssl, scram-sha-256; plaintext rejected, as `rds.force_ssl=1` does), and a master
 * user that is NOT a superuser (CREATEROLE + CREATEDB, like the RDS master) owning the application database.
 *
 * `pgSuite` skips (with the reason in the title) when the server binaries or openssl are absent, except in CI (CI set),
 * where a server that cannot start fails the suite.
 */
import { describe } from "@jest/globals";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hasOpenssl, makeCertificates, TestCertificates } from "./tls";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const PSQL = ["/usr/bin/psql", path.join(PG_BIN, "psql")].find((p) => fs.existsSync(p));
export const postgresAvailable = fs.existsSync(path.join(PG_BIN, "initdb")) && fs.existsSync(path.join(PG_BIN, "pg_ctl")) && PSQL !== undefined && hasOpenssl();

/** `describe` when the server can run (or in CI, where it must), else `describe.skip` with the reason in the title. */
export function pgSuite(title: string): [typeof describe | typeof describe.skip, string] {
  const run = postgresAvailable || !!process.env.CI;
  return [run ? describe : describe.skip, postgresAvailable ? title : `${title} (skipped: needs initdb/pg_ctl/psql under ${PG_BIN} (set PG_BIN) and openssl)`];
}

export const MASTER_USER = "dbadmin";
export const MASTER_PASSWORD = "master-Pw";
export const DATABASE = "shop";
const isRoot = process.getuid?.() === 0;

export interface PostgresServer {
  readonly dir: string;
  readonly port: number;
  readonly certs: TestCertificates;
  /** psql over TCP with password authentication and `sslmode=verify-full`, as a user; `env` overrides libpq settings. */
  psql(user: string, password: string, args: string[], env?: Record<string, string>): SpawnSyncReturns<string>;
  /** psql as the bootstrap superuser over the local socket (server inspection only). */
  owner(statement: string, database?: string): string;
  stop(): void;
}

/** Runs a server binary, as the postgres user when the tests run as root (initdb refuses root). */
function server(cmd: string, args: string[]): void {
  const r = isRoot ? spawnSync("runuser", ["-u", "postgres", "--", path.join(PG_BIN, cmd), ...args], { encoding: "utf8" }) : spawnSync(path.join(PG_BIN, cmd), args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
}

/**
 * Starts a cluster on a random port with `settings` as server options, creates the master user and the application
 * database. `prepare` runs on the directory before it is handed to the postgres user (e.g. extra files).
 */
export function startPostgres(prefix: string, settings: Record<string, string> = {}, prepare?: (dir: string) => void): PostgresServer {
  if (!postgresAvailable) throw new Error(`PostgreSQL 15 cannot start here: needs initdb/pg_ctl/psql under ${PG_BIN} (set PG_BIN) and openssl`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  fs.chmodSync(dir, 0o777);
  const certs = makeCertificates(dir);
  prepare?.(dir);
  if (isRoot) spawnSync("chown", ["-R", "postgres", dir]);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pwfile = path.join(dir, "pw");
  fs.writeFileSync(pwfile, "super-Pw\n", { mode: 0o644 });
  const data = path.join(dir, "data");
  let started = false;
  const stop = () => {
    if (started) server("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
    started = false;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    server("initdb", ["-D", data, "-U", "owner", "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"]);
    // rds.force_ssl=1: host connections only over TLS; local (socket) stays for the setup below.
    fs.writeFileSync(path.join(data, "pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n");
    const all = { ssl: "on", ssl_cert_file: certs.cert, ssl_key_file: certs.key, ...settings };
    const options = Object.entries(all)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(" ");
    server("pg_ctl", ["-D", data, "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${options}`, "-l", path.join(dir, "log"), "-w", "-t", "20", "start"]);
    started = true;
    const setup = spawnSync(
      PSQL!,
      [
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        dir,
        "-p",
        String(port),
        "-U",
        "owner",
        "-d",
        "postgres",
        "-c",
        `CREATE ROLE ${MASTER_USER} LOGIN CREATEROLE CREATEDB PASSWORD '${MASTER_PASSWORD}'`,
        "-c",
        `CREATE DATABASE ${DATABASE} OWNER ${MASTER_USER}`,
      ],
      { encoding: "utf8" },
    );
    if (setup.status !== 0) throw new Error(setup.stderr);
  } catch (e) {
    stop();
    throw e;
  }
  return {
    dir,
    port,
    certs,
    psql: (user, password, args, env = {}) =>
      spawnSync(PSQL!, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", DATABASE, ...args], {
        encoding: "utf8",
        env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: "5", PGSSLMODE: "verify-full", PGSSLROOTCERT: certs.ca, ...env },
      }),
    owner: (statement, database = "postgres") => {
      const r = spawnSync(PSQL!, ["-X", "-A", "-t", "-h", dir, "-p", String(port), "-U", "owner", "-d", database, "-c", statement], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      return r.stdout.trim();
    },
    stop,
  };
}
