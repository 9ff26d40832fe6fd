export { recoveryWindowDefault } from "../shared/secret";
import { SecretKind } from "./args";

/** SEC-3: generators of the well-known purposes. Anything not listed is a third-party value, created empty. */
export const PURPOSE_GENERATORS: Readonly<Record<string, { kind: SecretKind; length: number }>> = {
  jwt: { kind: "password", length: 64 },
  "jwt-refresh": { kind: "password", length: 64 },
  session: { kind: "password", length: 64 },
  "api-key": { kind: "password", length: 64 },
  /** `randomBytes(32)` of the seeds, as a keyring: every version kept, so no rotation loses data. */
  "encryption-key": { kind: "keyring", length: 32 },
  /** `randomBytes(64)` of the seeds, as a keyring: signatures made with any version still verify. */
  "signing-key": { kind: "keyring", length: 64 },
};
export const DEFAULT_PASSWORD_LENGTH = 64;
export const DEFAULT_HEX_BYTES = 32;
/** SEC-3: hard floor for generated values (characters or bytes). */
export const MIN_GENERATED_LENGTH = 32;
/** SEC-4: quarterly for everything, monthly for sessions. */
export const MAX_ROTATION_DAYS = 90;
export const MAX_SESSION_ROTATION_DAYS = 30;
export const rotationDaysDefault = (purpose: string): number => (isSessionPurpose(purpose) ? MAX_SESSION_ROTATION_DAYS : MAX_ROTATION_DAYS);
export const isSessionPurpose = (purpose: string): boolean => /(^|-)session(-|$)/.test(purpose);
/** URL-safe symbols for generated passwords (SEC-3). */
export const PASSWORD_SPECIALS = "-_";
/** SEC-5: RSA 2048, e = 65537. */
export const DEFAULT_JWT_ALGORITHM = "RSA";
export const DEFAULT_RSA_BITS = 2048;
export const DEFAULT_ECDSA_CURVE = "P256";
/** The purpose (last name segment) of the JWT private key secret. */
export const JWT_PRIVATE_KEY_PURPOSE = "jwt-private-key";
/** SEC-5: the JWT key pair rotates quarterly. */
export const DEFAULT_JWT_ROTATION_DAYS = 90;
/**
 * Days a retired JWT public key stays in the JWKS: the longest token lifetime of the seeds (refresh tokens, `7d` in
 * 4Seasons and 004) plus a day for running tasks, which sign with the old key until they are redeployed.
 */
export const DEFAULT_JWT_PREVIOUS_KEY_RETENTION_DAYS = 8;
/** The first version of a keyring. */
export const FIRST_KEYRING_VERSION = 1;
