/**
 * Runs the prod stack's `db-bootstrap` one-off task command (as the program defines it: shell, psql reading the
 * SQL from its environment, role passwords from its secrets) against a throwaway local PostgreSQL 15 over TLS with
 * `sslmode=verify-full`, as a master user that is not a superuser (like the RDS master). `wget` (the CA bundle
 * download) is replaced by a copy of the test CA; pgaudit is not installed locally, so its CREATE EXTENSION is left out.
 *
 * Skips (with the reason in the test name) when the server binaries or openssl are absent, except in CI.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { bootstrapSql, ROLE_NAMES } from "../../components/database/roles";
import { captureStack } from "../support/program";
import { DATABASE, MASTER_PASSWORD, MASTER_USER, PG_BIN, pgSuite, PostgresServer, PSQL, startPostgres } from "../support/postgres";

const [suite, title] = pgSuite("the db-bootstrap one-off task on a real PostgreSQL over TLS");
const PASSWORDS: Record<string, string> = {
  readonly: "ro-Pw_0123456789abcdefghijABCDEFGHIJ0123",
  app_rw: "rw-Pw_0123456789abcdefghijABCDEFGHIJ0123",
  migrator: "mg-Pw_0123456789abcdefghijABCDEFGHIJ0123",
};

suite(title, () => {
  let pg: PostgresServer;
  let container: any;

  /** The task's environment and secrets as ECS would inject them, pointed at the local server. */
  const taskEnv = (): Record<string, string> => {
    const env: Record<string, string> = Object.fromEntries(container.environment.map((e: any) => [e.name, e.value]));
    const secrets: Record<string, string> = { PGUSER: MASTER_USER, PGPASSWORD: MASTER_PASSWORD, ...Object.fromEntries(ROLE_NAMES.map((r) => [`${r.toUpperCase()}_PASSWORD`, PASSWORDS[r]])) };
    expect(Object.keys(secrets).sort()).toEqual(container.secrets.map((s: any) => s.name));
    return {
      PATH: `${path.join(pg.dir, "bin")}:${PG_BIN}:/usr/bin:/bin`,
      TEST_CA: pg.certs.ca,
      ...env,
      ...secrets,
      PGHOST: "127.0.0.1",
      PGPORT: String(pg.port),
      PGDATABASE: DATABASE,
      PGSSLROOTCERT: path.join(pg.dir, "rds-global-bundle.pem"),
      BOOTSTRAP_SQL: env.BOOTSTRAP_SQL.replace(bootstrapSql().extensions, ""),
      PGCONNECT_TIMEOUT: "5",
    };
  };

  beforeAll(async () => {
    const cap = await captureStack("prod");
    [container] = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", "db-bootstrap-task").inputs.containerDefinitions);
    // `wget -qO <file> <url>` stands for the CA bundle download: it copies the test CA.
    pg = startPostgres("pg-bootstrap-task", {}, (dir) => {
      fs.mkdirSync(path.join(dir, "bin"));
      fs.writeFileSync(path.join(dir, "bin", "wget"), '#!/bin/sh\n[ "$1" = "-qO" ] || exit 2\ncp "$TEST_CA" "$2"\n', { mode: 0o755 });
    });
  }, 120000);

  afterAll(() => pg?.stop());

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
