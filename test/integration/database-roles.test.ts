/**
 * Applies SecureDatabase's bootstrap SQL to a throwaway local PostgreSQL 15 cluster, run by a master
 * user that is NOT a superuser (CREATEROLE + CREATEDB, like the RDS master), and checks what each role
 * can do. pgaudit is not installed locally, so the extension part is left out; the rest runs as is.
 *
 * The server runs with the component's own parameter group values that vanilla PostgreSQL knows (TLS floor,
 * connection logging, slow-query threshold) and TLS enforced the way `rds.force_ssl=1` does (no plaintext
 * host connection is accepted); clients connect with `sslmode=verify-full` as the connection template says.
 *
 * Skips (with the reason in the test name) when the server binaries or openssl are absent, except in CI (CI set),
 * where a missing server fails the suite.
 */
import { afterAll, beforeAll, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LogClasses, SecureDatabase } from "../../components";
import { bootstrapSql, passwordVariable, ROLE_NAMES } from "../../components/database/roles";
import { capture } from "../support/capture";
import { MASTER_PASSWORD, pgSuite, PostgresServer, startPostgres } from "../support/postgres";
import { makeCertificates } from "../support/tls";

const [suite, title] = pgSuite("bootstrap SQL on a real PostgreSQL over TLS");

/** RDS-only parameters (rds.*, pgaudit.*, the preload list naming pgaudit) have no meaning on a vanilla server. */
const VANILLA = (name: string) => !name.startsWith("rds.") && !name.startsWith("pgaudit.") && name !== "shared_preload_libraries";

/** The parameter group SecureDatabase builds with its defaults, name → value. */
async function componentParameters(): Promise<Record<string, string>> {
  const cap = await capture(
    () => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs" });
      return new SecureDatabase("db", { environment: "prod", appName: "shop", logs, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] });
    },
    { config: { "aws:region": "eu-west-1" } },
  );
  return Object.fromEntries(cap.one("aws:rds/parameterGroup:ParameterGroup").inputs.parameters.map((p: any) => [p.name, p.value]));
}

const PASSWORDS: Record<string, string> = {
  readonly: "ro-Pw_0123456789abcdefghijABCDEFGHIJ0123",
  app_rw: "rw-Pw_0123456789abcdefghijABCDEFGHIJ0123",
  migrator: "mg-Pw_0123456789abcdefghijABCDEFGHIJ0123",
};

suite(title, () => {
  let pg: PostgresServer;
  let parameters: Record<string, string> = {};

  const psql = (user: string, password: string, args: string[], tls: Record<string, string> = {}) => pg.psql(user, password, args, tls);
  /** Each statement in its own transaction (one -c each). */
  const sql = (user: string, statement: string | string[]) =>
    psql(
      user,
      user === "dbadmin" ? MASTER_PASSWORD : PASSWORDS[user],
      [statement].flat().flatMap((s) => ["-c", s]),
    );
  const ok = (user: string, statement: string) => {
    const r = sql(user, statement);
    if (r.status !== 0) throw new Error(`${user}: ${statement}\n${r.stderr}`);
    return r.stdout.trim();
  };
  const runBootstrap = () => {
    const file = path.join(pg.dir, "roles.sql");
    fs.writeFileSync(file, `${bootstrapSql().roles}\n`);
    return psql("dbadmin", MASTER_PASSWORD, [...ROLE_NAMES.flatMap((r) => ["-v", `${passwordVariable(r)}=${PASSWORDS[r]}`]), "-f", file]);
  };

  beforeAll(async () => {
    parameters = await componentParameters();
    pg = startPostgres("pg-roles", Object.fromEntries(Object.entries(parameters).filter(([k]) => VANILLA(k))));
    const boot = runBootstrap();
    if (boot.status !== 0) throw new Error(`bootstrap failed: ${boot.stderr}`);
  }, 30000);

  it("runs the component's TLS floor and logging settings, and refuses plaintext and TLS below the floor", () => {
    expect(parameters).toMatchObject({ "rds.force_ssl": "1", ssl_min_protocol_version: "TLSv1.2", log_connections: "1", log_disconnections: "1" });
    const owner = (statement: string) => pg.owner(statement);
    expect(owner("SHOW ssl_min_protocol_version")).toBe(parameters.ssl_min_protocol_version);
    expect(owner("SHOW log_connections")).toBe("on");
    expect(owner("SELECT setting FROM pg_settings WHERE name = 'log_min_duration_statement'")).toBe(parameters.log_min_duration_statement);
    expect(ok("app_rw", "SELECT ssl || ' ' || version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).toMatch(/^true TLSv1\.[23]$/);
    const plain = psql("app_rw", PASSWORDS.app_rw, ["-c", "SELECT 1"], { PGSSLMODE: "disable" });
    expect(plain.status).not.toBe(0);
    expect(plain.stderr).toMatch(/pg_hba.conf rejects connection .* no encryption/);
    const old = psql("app_rw", PASSWORDS.app_rw, ["-c", "SELECT 1"], { PGSSLMAXPROTOCOLVERSION: "TLSv1.1" });
    expect(old.status).not.toBe(0);
  });

  it("verifies the server certificate: a client trusting another CA is refused", () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), "other-ca-"));
    const other = makeCertificates(otherDir);
    const r = psql("app_rw", PASSWORDS.app_rw, ["-c", "SELECT 1"], { PGSSLROOTCERT: other.ca });
    fs.rmSync(otherDir, { recursive: true, force: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/certificate verify failed/);
  });

  afterAll(() => pg?.stop());

  it("creates three login roles with the given passwords and no elevated attributes", () => {
    expect(
      ok(
        "dbadmin",
        "SELECT string_agg(rolname || ':' || rolcanlogin || rolsuper || rolcreaterole || rolcreatedb || rolreplication || rolbypassrls, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('readonly','app_rw','migrator')",
      ),
    ).toBe("app_rw:truefalsefalsefalsefalsefalse,migrator:truefalsefalsefalsefalsefalse,readonly:truefalsefalsefalsefalsefalse");
    for (const role of ROLE_NAMES) expect(ok(role, "SELECT current_user")).toBe(role);
    const wrong = psql("app_rw", "not-the-password", ["-c", "SELECT 1"]);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed for user "app_rw"/);
  });

  it("lets migrator create tables, and gives app_rw DML and readonly SELECT on them through default privileges", () => {
    ok("migrator", "CREATE TABLE orders (id serial PRIMARY KEY, note text)");
    ok("app_rw", "INSERT INTO orders (note) VALUES ('a'), ('b')");
    ok("app_rw", "UPDATE orders SET note = 'c' WHERE id = 2");
    ok("app_rw", "DELETE FROM orders WHERE id = 1");
    expect(ok("readonly", "SELECT string_agg(note, ',') FROM orders")).toBe("c");
    expect(ok("dbadmin", "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).toBe("migrator");
  });

  it("refuses writes to readonly and DDL to app_rw and readonly", () => {
    const cases: [string, string | string[], RegExp][] = [
      ["readonly", "INSERT INTO orders (note) VALUES ('x')", /permission denied for table orders/],
      ["readonly", "UPDATE orders SET note = 'x'", /permission denied for table orders/],
      ["readonly", "CREATE TABLE r (id int)", /permission denied for schema public/],
      ["app_rw", "CREATE TABLE t (id int)", /permission denied for schema public/],
      ["app_rw", "DROP TABLE orders", /must be owner of table orders/],
      ["app_rw", "TRUNCATE orders", /permission denied for table orders/],
      ["app_rw", "ALTER TABLE orders ADD COLUMN x int", /must be owner of table orders/],
      ["app_rw", "CREATE ROLE sneaky", /permission denied to create role/],
    ];
    for (const [role, statement, error] of cases) {
      const r = sql(role, statement);
      expect({ role, statement, status: r.status }).toEqual({ role, statement, status: 1 });
      expect(r.stderr).toMatch(error);
    }
  });

  it("sets app_rw's statement timeout to 5s and keeps migrator's unlimited", () => {
    expect(ok("app_rw", "SHOW statement_timeout")).toBe("5s");
    expect(ok("migrator", "SHOW statement_timeout")).toBe("0");
    const slow = sql("app_rw", "SELECT pg_sleep(6)");
    expect(slow.stderr).toMatch(/canceling statement due to statement timeout/);
  }, 15000);

  it("lets each role change its own password in a transaction", () => {
    for (const role of ROLE_NAMES) {
      const previous = PASSWORDS[role];
      const next = `${role.slice(0, 2)}-Rotated_${"x".repeat(20)}`;
      // A role logged in with its current password runs ALTER USER ... WITH PASSWORD in one transaction.
      const r = sql(role, `BEGIN; SELECT quote_ident('${role}'); ALTER USER ${role} WITH PASSWORD '${next}'; COMMIT;`);
      expect({ role, status: r.status, stderr: r.stderr }).toEqual({ role, status: 0, stderr: "" });
      PASSWORDS[role] = next;
      expect(ok(role, "SELECT current_user")).toBe(role);
      expect(psql(role, previous, ["-c", "SELECT 1"]).stderr).toMatch(new RegExp(`password authentication failed for user "${role}"`));
    }
  });

  it("can be re-run (rotation) and takes the new passwords", () => {
    PASSWORDS.app_rw = "rotated-Pw_0123456789abcdefghijABCDEFGH";
    // A database bootstrapped by an earlier version made readonly's sessions read-only, which blocks its rotation.
    ok("dbadmin", "ALTER ROLE readonly SET default_transaction_read_only = on");
    const again = runBootstrap();
    expect(again.stderr).not.toMatch(/ERROR/);
    expect(again.status).toBe(0);
    expect(ok("app_rw", "SELECT count(*) FROM orders")).toBe("1");
    expect(ok("readonly", "SHOW default_transaction_read_only")).toBe("off");
  });
});
