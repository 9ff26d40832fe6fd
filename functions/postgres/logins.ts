/**
 * The logins of a PostgreSQL role secret, shared by SecureDatabase (components/database/roles.ts) and the rotation
 * function that runs in AWS (it ships as source: the function is bundled when the program runs).
 */

/** Attributes every application role and login is created with (all are also the PostgreSQL defaults). */
export const ROLE_ATTRIBUTES = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

/**
 * SEC-4, alternating users: each role has a second login, `<role>_clone`, and rotation gives the new password to
 * whichever login is not current, so the previous password keeps working until the next rotation. The clone is a
 * member of the role and takes it at login (`SET role`), so it has the same grants, and what it creates is owned by
 * the role; role-level settings (statement_timeout) are copied, as SET ROLE does not apply them.
 */
export const CLONE_SUFFIX = "_clone";
export const cloneLogin = (role: string): string => `${role}${CLONE_SUFFIX}`;
/** The role a login belongs to: `app_rw` for `app_rw` and `app_rw_clone`. */
export const baseRole = (login: string): string => (login.endsWith(CLONE_SUFFIX) ? login.slice(0, -CLONE_SUFFIX.length) : login);
/** The other login of the pair: the one the next rotation gives a new password to. */
export const alternateLogin = (login: string): string => (login.endsWith(CLONE_SUFFIX) ? baseRole(login) : cloneLogin(login));

/** Generated and rotated role passwords: 40 characters of letters, digits, `-` and `_` (URL-safe, accepted by RDS). */
export const ROLE_PASSWORD_LENGTH = 40;
export const ROLE_PASSWORD_SPECIALS = "-_";
/** What GetRandomPassword must leave out to keep that alphabet: every punctuation character except `-` and `_`. */
export const ROTATION_EXCLUDE_CHARACTERS = "!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~";

/**
 * The `url` a role secret carries: `postgresql://user:password@host:port/db?sslmode=verify-full`, what Prisma and other
 * clients take as DATABASE_URL. The rotation function rewrites it with every new login and password.
 */
export function connectionUrl(s: { readonly username: string; readonly password: string; readonly host: string; readonly port: number; readonly dbname: string }): string {
  const e = encodeURIComponent;
  return `postgresql://${e(s.username)}:${e(s.password)}@${s.host}:${s.port}/${e(s.dbname)}?sslmode=verify-full`;
}
