/**
 * DB-6/DB-9: the application's database roles and the SQL that creates them.
 *
 * The SQL holds no password: psql fills `:'<role>_password'` from variables the operator passes at run
 * time (read from each role's Secrets Manager secret), so the text is safe to keep in state and outputs.
 */

import { CLONE_SUFFIX, cloneLogin, ROLE_ATTRIBUTES } from "../../functions/postgres/logins";

export {
  alternateLogin,
  baseRole,
  CLONE_SUFFIX,
  cloneLogin,
  connectionUrl,
  ROLE_ATTRIBUTES,
  ROLE_PASSWORD_LENGTH,
  ROLE_PASSWORD_SPECIALS,
  ROTATION_EXCLUDE_CHARACTERS,
} from "../../functions/postgres/logins";

/** The three roles, least privilege first. Each gets its own generated password and secret. */
export const DB_ROLES = {
  /** Reads only: CONNECT, USAGE on the schema, SELECT on tables (grants, not a read-only session default). */
  readonly: { description: "read-only queries (reporting, support)" },
  /** The running app: DML on tables and sequence use; cannot create or alter objects. */
  app_rw: { description: "the application (SELECT, INSERT, UPDATE, DELETE)" },
  /** Schema migrations only: owns the objects it creates; used by the migration task, never by the app. */
  migrator: { description: "schema migrations (DDL, owns objects)" },
} as const;

export type DbRole = keyof typeof DB_ROLES;
export const ROLE_NAMES = Object.keys(DB_ROLES) as DbRole[];

/** Statement timeout for the app role (DB-9); not global, so migrations are not cut short. */
export const APP_STATEMENT_TIMEOUT = "5s";

/** psql variable that carries a role's password at run time. */
export const passwordVariable = (role: DbRole): string => `${role}_password`;

/** Role-level settings, set on both logins of the role. */
export const ROLE_SETTINGS: Readonly<Partial<Record<DbRole, Readonly<Record<string, string>>>>> = { app_rw: { statement_timeout: APP_STATEMENT_TIMEOUT } };

export interface BootstrapSql {
  /** Extensions (needs pgaudit in shared_preload_libraries, i.e. the RDS parameter group). */
  readonly extensions: string;
  /** Roles, passwords (as psql variables) and grants; idempotent, safe to re-run after a rotation. */
  readonly roles: string;
  /** Both, in order: what an operator runs with psql. */
  readonly all: string;
}

/**
 * The bootstrap SQL, run by the master user connected to the application database:
 *   psql "<conn>" -v ON_ERROR_STOP=1 -v app_rw_password=… -v readonly_password=… -v migrator_password=… -f bootstrap.sql
 */
export function bootstrapSql(): BootstrapSql {
  const extensions = ["-- DB-7: pgaudit writes DDL, role and write statements to the postgresql log (exported to CloudWatch).", "CREATE EXTENSION IF NOT EXISTS pgaudit;"].join("\n");
  const quoted = ROLE_NAMES.map((r) => `'${r}'`).join(", ");
  const roles = [
    "-- Roles exist once, without elevated attributes. The master user on RDS is not a superuser, so the",
    "-- attributes are set at creation (ALTER ROLE ... NOSUPERUSER would need one) and verified below.",
    `SELECT format('CREATE ROLE %I ${ROLE_ATTRIBUTES}', r) FROM unnest(ARRAY[${quoted}]) AS r WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \\gexec`,
    "-- Passwords come from psql variables at run time and are never written here; re-running rotates them.",
    ...ROLE_NAMES.map((r) => `ALTER ROLE ${r} WITH LOGIN PASSWORD :'${passwordVariable(r)}';`),
    ...Object.entries(ROLE_SETTINGS).flatMap(([r, set]) => Object.entries(set).map(([k, v]) => `ALTER ROLE ${r} SET ${k} = '${v}';`)),
    "-- SEC-4: each role's second login for alternating-users rotation: a member of the role that takes it at login, with",
    "-- its settings; no password until the first rotation gives it one (the rotation function creates it if missing).",
    `SELECT format('CREATE ROLE %I LOGIN ${ROLE_ATTRIBUTES} IN ROLE %I', r || '${CLONE_SUFFIX}', r) FROM unnest(ARRAY[${quoted}]) AS r WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r || '${CLONE_SUFFIX}') \\gexec`,
    ...ROLE_NAMES.map((r) => `ALTER ROLE ${cloneLogin(r)} SET role = '${r}';`),
    ...Object.entries(ROLE_SETTINGS).flatMap(([r, set]) => Object.entries(set).map(([k, v]) => `ALTER ROLE ${cloneLogin(r)} SET ${k} = '${v}';`)),
    "-- readonly is kept from writing by its grants (SELECT only); its sessions stay read-write (an earlier version made",
    "-- them read-only, which kept a single-user rotation from changing its password).",
    "ALTER ROLE readonly RESET default_transaction_read_only;",
    "-- Nobody gets rights by default: not on the database, not to create in public.",
    "SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \\gexec",
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
    `SELECT format('GRANT CONNECT ON DATABASE %I TO ${ROLE_NAMES.join(", ")}', current_database()) \\gexec`,
    "-- migrator owns what it creates; the master user joins it only to set its default privileges.",
    "GRANT USAGE, CREATE ON SCHEMA public TO migrator;",
    "GRANT migrator TO CURRENT_USER;",
    "GRANT USAGE ON SCHEMA public TO app_rw, readonly;",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_rw;",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_rw;",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly;",
    "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_rw;",
    "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO app_rw;",
    "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT SELECT ON TABLES TO readonly;",
    "-- Fail the run if any application role or login carries an elevated attribute (e.g. granted by hand since).",
    `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname IN (${[...ROLE_NAMES, ...ROLE_NAMES.map(cloneLogin)].map((r) => `'${r}'`).join(", ")}) AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)) THEN RAISE EXCEPTION 'an application role has SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS'; END IF; END $$;`,
  ].join("\n");
  return { extensions, roles, all: `\\set ON_ERROR_STOP on\n${extensions}\n${roles}\n` };
}
