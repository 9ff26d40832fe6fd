/**
 * Alternating-users rotation of a PostgreSQL role secret (SEC-4). The role has two logins, `<role>` and
 * `<role>_clone`; each rotation gives a new password to the login that is not current and makes it current, so the
 * previous value (AWSPREVIOUS) keeps working until the next rotation: running tasks are never locked out.
 *
 * Secret JSON: {engine, host, port, username, password, dbname, masterarn, url}; `masterarn` is the RDS-managed
 * master secret ({username, password}) the function uses to set the other login's password (and to create the
 * clone login if the bootstrap SQL did not), `url` is the Prisma-style `DATABASE_URL` kept current with the rest.
 * Every connection uses TLS with certificate and host name verification (`sslmode=verify-full`): the CA comes from
 * the runtime's trust store plus NODE_EXTRA_CA_CERTS (on Lambda, /var/runtime/ca-cert.pem holds the RDS CAs).
 * Passwords reach the server as SCRAM-SHA-256 verifiers, so no server log or audit line holds one in clear.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Client, ClientConfig } from "pg";
import { alternateLogin, baseRole, cloneLogin, connectionUrl, ROLE_ATTRIBUTES, ROLE_PASSWORD_LENGTH, ROTATION_EXCLUDE_CHARACTERS } from "./logins";
import { randomPassword, requireValue, RotationContext, RotationError, RotationEvent, RotationKind, rotationHandler, SecretsClient } from "../shared/rotation";

/** A role secret as the component writes it and this function keeps it. */
export interface PostgresSecret {
  readonly engine: "postgres";
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly dbname: string;
  readonly masterarn: string;
  readonly url: string;
}

export interface PostgresRotationOptions {
  /** PEM CA bundle to verify the server against instead of the runtime's trust store (tests use a local CA). */
  readonly ca?: string;
  readonly connectTimeoutMs?: number;
}

/** The secret's JSON with every field this function needs, or an error naming what is missing. */
export function parseSecret(text: string, what: string): PostgresSecret {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text);
  } catch {
    throw new RotationError(`${what} is not JSON`);
  }
  const missing = ["host", "username", "password", "dbname", "masterarn"].filter((k) => typeof v[k] !== "string" || !v[k]);
  if (!Number.isInteger(Number(v.port))) missing.push("port");
  if (missing.length) throw new RotationError(`${what} lacks ${missing.join(", ")}: a PostgreSQL role secret holds {engine, host, port, username, password, dbname, masterarn}`);
  return { ...(v as unknown as PostgresSecret), port: Number(v.port) };
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, as libpq's PQencryptPasswordConn
 * builds it): `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`. ALTER ROLE ... PASSWORD with it stores it
 * as is. Generated passwords are printable ASCII, for which SASLprep changes nothing.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  if (!/^[\x21-\x7e]+$/.test(password)) throw new RotationError("password must be printable ASCII");
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();
  const storedKey = createHash("sha256").update(hmac(salted, "Client Key")).digest();
  const serverKey = hmac(salted, "Server Key");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

const AUTH_FAILED = new Set(["28P01", "28000"]); // invalid_password, invalid_authorization_specification

export function postgresKind(options: PostgresRotationOptions = {}): RotationKind {
  const config = (s: Pick<PostgresSecret, "host" | "port" | "dbname">, user: string, password: string): ClientConfig => ({
    host: s.host,
    port: s.port,
    database: s.dbname,
    user,
    password,
    // verify-full: the chain against the CA and the certificate's name against the host.
    ssl: { rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: "secrets-manager-rotation",
  });
  const withClient = async <T>(cfg: ClientConfig, work: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client(cfg);
    client.on("error", () => undefined); // a dropped connection surfaces on the pending query
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  /** True when the login works; false only for an authentication failure (anything else is thrown). */
  const canLogin = async (s: PostgresSecret): Promise<boolean> => {
    try {
      await withClient(config(s, s.username, s.password), (c) => c.query("SELECT 1"));
      return true;
    } catch (e) {
      if (AUTH_FAILED.has((e as { code?: string }).code ?? "")) return false;
      throw e;
    }
  };

  return {
    name: "postgres",
    async createValue(ctx: RotationContext, currentText: string) {
      const current = parseSecret(currentText, `AWSCURRENT of ${ctx.secretId}`);
      const password = await randomPassword(ctx.client, ROLE_PASSWORD_LENGTH, ROTATION_EXCLUDE_CHARACTERS);
      const next = { ...current, engine: "postgres" as const, username: alternateLogin(current.username), password };
      return JSON.stringify({ ...next, url: connectionUrl(next) });
    },

    async setSecret(ctx, pendingText, currentText) {
      const pending = parseSecret(pendingText, `AWSPENDING of ${ctx.secretId}`);
      const current = parseSecret(currentText, `AWSCURRENT of ${ctx.secretId}`);
      // Never point a secret at another server, database or role (AWS's templates make the same check).
      if (pending.host !== current.host || pending.port !== current.port || pending.dbname !== current.dbname || baseRole(pending.username) !== baseRole(current.username)) {
        throw new RotationError(`AWSPENDING of ${ctx.secretId} names another server, database or role than AWSCURRENT`);
      }
      if (pending.username === current.username) throw new RotationError(`AWSPENDING of ${ctx.secretId} has the current login ${current.username}; alternating users rotate the other one`);
      if (await canLogin(pending)) {
        ctx.log({ step: "setSecret", outcome: "already-set", login: pending.username });
        return;
      }
      const master = JSON.parse(await requireValue(ctx.client, pending.masterarn, "AWSCURRENT")) as { username?: string; password?: string };
      if (!master.username || !master.password) throw new RotationError(`master secret ${pending.masterarn} lacks username or password`);
      const role = baseRole(pending.username);
      await withClient(config(pending, master.username, master.password), async (c) => {
        const id = (name: string) => c.escapeIdentifier(name);
        await c.query("BEGIN");
        try {
          const exists = async (name: string) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name])).rowCount === 1;
          if (!(await exists(role))) throw new RotationError(`role ${role} does not exist: run the bootstrap SQL first`);
          if (pending.username === cloneLogin(role) && !(await exists(pending.username))) {
            // The second login: a member of the role that takes it at login, with the role's settings.
            await c.query(`CREATE ROLE ${id(pending.username)} LOGIN ${ROLE_ATTRIBUTES} IN ROLE ${id(role)}`);
            await c.query(`ALTER ROLE ${id(pending.username)} SET role = ${c.escapeLiteral(role)}`);
            const settings = await c.query<{ setting: string }>(
              "SELECT unnest(s.setconfig) AS setting FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = $1 AND s.setdatabase = 0",
              [role],
            );
            for (const { setting } of settings.rows) {
              const [name, ...value] = setting.split("=");
              if (name !== "role") await c.query(`ALTER ROLE ${id(pending.username)} SET ${id(name)} = ${c.escapeLiteral(value.join("="))}`);
            }
            ctx.log({ step: "setSecret", outcome: "created-login", login: pending.username });
          }
          await c.query(`ALTER ROLE ${id(pending.username)} WITH LOGIN PASSWORD ${c.escapeLiteral(scramVerifier(pending.password))}`);
          await c.query("COMMIT");
        } catch (e) {
          await c.query("ROLLBACK").catch(() => undefined);
          throw e;
        }
      });
      ctx.log({ step: "setSecret", outcome: "password-set", login: pending.username });
    },

    async testSecret(ctx, pendingText) {
      const pending = parseSecret(pendingText, `AWSPENDING of ${ctx.secretId}`);
      const role = baseRole(pending.username);
      const row = await withClient(config(pending, pending.username, pending.password), async (c) => {
        const who = (await c.query<{ session_user: string; current_user: string }>("SELECT session_user, current_user")).rows[0];
        // pg_stat_ssl shows a session to its own login: drop the role the clone takes at login first.
        await c.query("SET ROLE NONE");
        const ssl = (await c.query<{ ssl: boolean }>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).rows[0]?.ssl;
        return { ...who, ssl };
      });
      if (row.session_user !== pending.username || row.current_user !== role || row.ssl !== true) {
        throw new RotationError(`login ${pending.username} connected as ${row.session_user}/${row.current_user} (ssl ${row.ssl}); expected ${pending.username} acting as ${role} over TLS`);
      }
      if (parseSecret(pendingText, "AWSPENDING").url !== connectionUrl(pending)) throw new RotationError(`AWSPENDING of ${ctx.secretId} has a url that does not match its fields`);
    },
  };
}

export { connectionUrl };

let handlerInstance: ((e: RotationEvent) => Promise<void>) | undefined;

/** The handler for a client (tests pass the fake Secrets Manager and a local CA). */
export function createHandler(client: SecretsClient, options: PostgresRotationOptions = {}, log?: (line: string) => void): (e: RotationEvent) => Promise<void> {
  return rotationHandler(postgresKind(options), client, log);
}

export const handler = (event: RotationEvent): Promise<void> => {
  handlerInstance ??= createHandler(new SecretsManagerClient({}));
  return handlerInstance(event);
};
