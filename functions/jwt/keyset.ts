/**
 * The JWT signing key set kept in the `jwt-private-key` secret: the current key pair (which signs), the next key
 * pair (published, not yet signing) and the public keys of retired pairs (which still verify). Each key's `kid` is
 * its RFC 7638 thumbprint. Applications sign with `current` and serve {@link jwksOf} (current, next, retired) as
 * their JWKS. A rotation retires current, makes next current and adds a new next: a token signed before it verifies
 * after it for as long as its retired key is kept, and a token signed by a redeployed task with the new current key
 * verifies on tasks not yet redeployed, which published that key as next. Dependency-free (Node's crypto only).
 *
 * Secret value (JSON): `{"current":{"kid","alg","privateKeyPem","publicKeyPem","createdAt"},"next":{…},"previous":[{"kid","alg","publicKeyPem","retiredAt"}]}`.
 */
import * as crypto from "crypto";
import { publicJwk, PublicJwk } from "./jwks";

export type JwtAlgorithm = "RS256" | "ES256";

export interface SigningKey {
  readonly kid: string;
  readonly alg: JwtAlgorithm;
  /** PKCS#8 PEM. */
  readonly privateKeyPem: string;
  /** SubjectPublicKeyInfo PEM. */
  readonly publicKeyPem: string;
  readonly createdAt: string;
}

export interface RetiredKey {
  readonly kid: string;
  readonly alg: JwtAlgorithm;
  readonly publicKeyPem: string;
  readonly retiredAt: string;
}

export interface KeySet {
  readonly current: SigningKey;
  /** Published in the JWKS one rotation before it signs. Absent only in a key set from a bare PEM. */
  readonly next?: SigningKey;
  /** Newest first. */
  readonly previous: readonly RetiredKey[];
}

/** The signing key of a PKCS#8 private key PEM, its kid and algorithm derived from the key. */
export function signingKeyOf(privateKeyPem: string, createdAt: string): SigningKey {
  const publicKeyPem = crypto.createPublicKey(privateKeyPem).export({ type: "spki", format: "pem" }).toString();
  const jwk = publicJwk(publicKeyPem);
  return { kid: jwk.kid, alg: jwk.alg, privateKeyPem, publicKeyPem, createdAt };
}

/** A key set from the secret value. A bare PKCS#8 PEM (a key made before key sets) is the current key with no previous ones. */
export function parseKeySet(text: string): KeySet {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN PRIVATE KEY-----")) return { current: signingKeyOf(trimmed + "\n", new Date(0).toISOString()), previous: [] };
  const parsed = JSON.parse(trimmed) as KeySet;
  if (!parsed?.current?.privateKeyPem || !parsed.current.kid || !Array.isArray(parsed.previous))
    throw new Error("JWT key set: expected {current: {kid, alg, privateKeyPem, publicKeyPem}, previous: [...]}");
  return parsed;
}

export const serializeKeySet = (set: KeySet): string => JSON.stringify(set);

/** A new key pair of the current key's algorithm and size. */
export function newSigningKey(like: SigningKey, now: Date): SigningKey {
  const pub = crypto.createPublicKey(like.publicKeyPem);
  const { privateKey } =
    like.alg === "RS256"
      ? crypto.generateKeyPairSync("rsa", { modulusLength: pub.asymmetricKeyDetails?.modulusLength ?? 2048, publicExponent: 0x10001 })
      : crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  return signingKeyOf(privateKey.export({ type: "pkcs8", format: "pem" }).toString(), now.toISOString());
}

/**
 * The key set after a rotation at `now`: the next key signs, `fresh` becomes the next one, the current key joins the
 * retired ones, and retired keys older than `retainMs` are dropped (the one retired now is always kept). A key set
 * without a next key (from a bare PEM) only gains `fresh` as next.
 */
export function rotateKeySet(set: KeySet, fresh: SigningKey, now: Date, retainMs: number): KeySet {
  const kept = set.previous.filter((k) => now.getTime() - Date.parse(k.retiredAt) < retainMs);
  if (!set.next) return { current: set.current, next: fresh, previous: kept };
  const retired: RetiredKey = { kid: set.current.kid, alg: set.current.alg, publicKeyPem: set.current.publicKeyPem, retiredAt: now.toISOString() };
  return { current: set.next, next: fresh, previous: [retired, ...kept] };
}

/** The JWKS document of a key set: the current key first, then the next one, then every retired key still kept. */
export function jwksOf(set: KeySet): { keys: PublicJwk[] } {
  return { keys: [set.current.publicKeyPem, ...(set.next ? [set.next.publicKeyPem] : []), ...set.previous.map((k) => k.publicKeyPem)].map(publicJwk) };
}

/** The first key set: two key pairs made at deployment (current and next), and public keys retired before it (kept from `at`). */
export function initialKeySet(currentPem: string, nextPem: string, retiredPublicKeysPem: readonly string[], at: string): KeySet {
  return {
    current: signingKeyOf(currentPem, at),
    next: signingKeyOf(nextPem, at),
    previous: retiredPublicKeysPem.map((pem) => {
      const jwk = publicJwk(pem);
      return { kid: jwk.kid, alg: jwk.alg, publicKeyPem: pem, retiredAt: at };
    }),
  };
}
