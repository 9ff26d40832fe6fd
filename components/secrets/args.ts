import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { Environment } from "../shared/naming";

/**
 * How a secret's value comes to be:
 * - `password`: a random string of `length` characters from a URL-safe alphabet (A–Z a–z 0–9 - _);
 * - `hex`: `length` random bytes, hex-encoded (32 bytes → 64 hex characters);
 * - `keyring`: every version of a key of `length` random bytes, kept in the value (JSON `{current, keys}`); rotation
 *   appends a version and never drops one, so data encrypted or signed with any version stays readable
 *   (see functions/generated/keyring.ts for the format and the encrypt/decrypt/sign/verify helpers);
 * - `external`: created empty, without a version; the value (an SMTP key, a Sentry DSN) is put out of band.
 */
export type SecretKind = "password" | "hex" | "keyring" | "external";

/** One purpose of a {@link SecretSet}. */
export interface SecretSpec {
  /** @default from the purpose name (see defaults.ts): jwt, jwt-refresh, session, api-key → password; encryption-key, signing-key → keyring; anything else external */
  readonly kind?: SecretKind;
  /** Characters (password) or bytes (hex, keyring); at least 32. @default 64 for passwords, 32 for encryption-key, 64 for signing-key */
  readonly length?: number;
  /** Days between automatic rotations (1–90; session ≤ 30). External secrets are not rotated here. @default session 30, every other generated secret 90 */
  readonly rotationDays?: number;
  /** What the secret is for, in a sentence (secret description). @default from the purpose */
  readonly description?: string;
  /**
   * External secrets only: the value has been put out of band (`aws secretsmanager put-secret-value`), so services
   * may read it. Until then the secret is tagged `value: pending` and left out of {@link SecretSet.readySecretArns}:
   * ECS cannot start a task whose secret has no value. @default false
   */
  readonly valueSet?: boolean;
}

/** The JWT signing key pair (SEC-5). */
export interface JwtKeyPairSpec {
  /** @default "RSA" */
  readonly algorithm?: "RSA" | "ECDSA";
  /** RSA modulus size. @default 2048 */
  readonly rsaBits?: 2048 | 3072 | 4096;
  /** ECDSA curve. @default "P256" */
  readonly ecdsaCurve?: "P256";
  /**
   * Public keys (SPKI PEM) of retired key pairs (made outside this set) that clients must still accept; they join the
   * key set's retired keys and leave it at the first rotation after `previousKeyRetentionDays`. @default []
   */
  readonly previousPublicKeysPem?: readonly string[];
  /** Days between key rotations (1–90); each makes a new key pair with a new `kid`. @default 90 */
  readonly rotationDays?: number;
  /**
   * Days a retired public key stays in the JWKS after its rotation: at least the longest token lifetime (7 days,
   * the seeds' refresh tokens) plus the time running tasks take to pick up the new key. @default 8
   */
  readonly previousKeyRetentionDays?: number;
}

/** Arguments for {@link SecretSet}. */
export interface SecretSetArgs {
  /** Environment; part of every secret name (`/<appName>/<env>/<purpose>`), so staging and prod never share a value. @checked at construction */
  readonly environment: Environment;
  /** Application name: first segment of every secret name. @checked at construction */
  readonly appName: string;
  /** Log classes that supply the rotation function's log group (class `security`). @checked at construction */
  readonly logs: LogClasses;
  /** One secret per purpose, keyed by purpose name (lowercase letters, digits, hyphens), e.g. `{ jwt: {}, session: { rotationDays: 30 } }`. @checked at construction */
  readonly secrets: Readonly<Record<string, SecretSpec>>;
  /**
   * IAM role ARNs (or account-local ARN patterns such as `arn:aws:iam::123456789012:role/shop-prod-*`) that may
   * read the values. Every other principal is denied GetSecretValue by each secret's resource policy.
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly readerRoleArns: readonly pulumi.Input<string>[];
  /**
   * Principals that manage the secrets (Pulumi's deploy role), exempt from the read deny so `pulumi refresh`
   * can read the versions it created. @default the identity running the deployment
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly administratorArns?: readonly pulumi.Input<string>[];
  /** CMK for every secret. @default a new CMK with yearly rotation @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * A rotation Lambda to use for every generated secret. @default a small function created here that puts a new
   * random value of the same kind and length (createSecret) and promotes it (finishSecret)
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly rotationLambdaArn?: pulumi.Input<string>;
  /**
   * The JWT signing key pair, rotated with a new `kid` on its schedule; the `jwt-private-key` secret holds the key
   * set (current key pair and retired public keys, JSON; functions/jwt/keyset.ts reads it). @default none
   * @checked at construction
   */
  readonly jwtKeyPair?: JwtKeyPairSpec;
  /** Days a deleted secret can be restored. @default 30 in prod, 7 in staging @checked at construction */
  readonly recoveryWindowDays?: number;
}
