/**
 * A keyring: every version of an encryption or signing key, kept in one secret value so that no rotation makes
 * stored data unreadable. New data uses the current key; each ciphertext and signature names the key version that
 * made it, and decryption and verification pick that version. Rotation only appends a version.
 *
 * The newest version is staged one rotation ahead: a rotation makes the version it appended last time current and
 * appends the next one. So when a redeployed task starts writing with a new current key, every task still running
 * with the previous keyring already holds that key and reads what the new task writes.
 *
 * Secret value (JSON): `{"current":2,"keys":{"1":"<hex>","2":"<hex>","3":"<hex>"}}` (3 is staged).
 * Ciphertext: `k<version>.<iv>.<ciphertext>.<tag>` (AES-256-GCM, base64url parts); signature: `k<version>.<mac>`
 * (HMAC-SHA256, base64url). Dependency-free (Node's crypto only), so an application can import it as it is.
 */
import * as crypto from "crypto";

export interface Keyring {
  /** The version new data uses: the newest, or the one before it when the newest is staged. */
  readonly current: number;
  /** Version → key material (hex). */
  readonly keys: Readonly<Record<string, string>>;
}

const HEX = /^(?:[0-9a-f]{2})+$/;
/** Version of a key that was a plain hex value before it became a keyring. */
export const LEGACY_VERSION = 0;

/**
 * Reads a secret value as a keyring. A plain hex value (a key made before keyrings) is read as the keyring with that
 * one key at version 0, so data encrypted with it stays readable after the first rotation.
 */
export function parseKeyring(text: string): Keyring {
  const trimmed = text.trim();
  if (HEX.test(trimmed)) return { current: LEGACY_VERSION, keys: { [LEGACY_VERSION]: trimmed } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error("keyring: the secret value is neither a keyring (JSON) nor a hex key");
  }
  const { current, keys } = (parsed ?? {}) as { current?: unknown; keys?: unknown };
  if (typeof keys !== "object" || keys === null || Array.isArray(keys)) throw new Error("keyring: `keys` is not an object of version → hex key");
  const versions = Object.keys(keys);
  if (versions.length === 0) throw new Error("keyring: no keys");
  for (const [v, k] of Object.entries(keys as Record<string, unknown>)) {
    if (!/^(0|[1-9]\d*)$/.test(v)) throw new Error(`keyring: version "${v}" is not a non-negative integer`);
    if (typeof k !== "string" || !HEX.test(k) || k.length < 64) throw new Error(`keyring: key ${v} is not hex of at least 32 bytes`);
  }
  const newest = Math.max(...versions.map(Number));
  if (typeof current !== "number" || (current !== newest && current !== newest - 1) || (keys as Record<string, unknown>)[current] === undefined) {
    throw new Error(`keyring: current is ${JSON.stringify(current)}, not the newest version ${newest} or the one before it`);
  }
  return { current, keys: keys as Record<string, string> };
}

export const serializeKeyring = (ring: Keyring): string => JSON.stringify({ current: ring.current, keys: ring.keys });

export const newestVersion = (ring: Keyring): number => Math.max(...Object.keys(ring.keys).map(Number));

/**
 * The keyring after a rotation: the newest version (staged by the previous rotation) becomes current and `keyHex`
 * is appended, staged, as the next version. Every existing version is kept as it is.
 */
export function appendKey(ring: Keyring, keyHex: string): Keyring {
  if (!HEX.test(keyHex) || keyHex.length < 64) throw new Error("keyring: a new key must be hex of at least 32 bytes");
  const newest = newestVersion(ring);
  return { current: newest, keys: { ...ring.keys, [newest + 1]: keyHex } };
}

/** Every version of `older` with its exact key in `newer`, or an error naming the first one missing or changed. */
export function assertKeeps(older: Keyring, newer: Keyring): void {
  for (const [v, k] of Object.entries(older.keys)) {
    if (newer.keys[v] !== k) throw new Error(`keyring: version ${v} would be ${newer.keys[v] === undefined ? "dropped" : "changed"}; stored data made with it would become unreadable`);
  }
  if (newer.current < older.current) throw new Error(`keyring: current version would go back from ${older.current} to ${newer.current}`);
}

/** Union of two keyrings; the same version with two different keys is an error. */
export function mergeKeyrings(a: Keyring, b: Keyring): Keyring {
  const keys: Record<string, string> = { ...a.keys };
  for (const [v, k] of Object.entries(b.keys)) {
    if (keys[v] !== undefined && keys[v] !== k) throw new Error(`keyring: version ${v} has two different keys`);
    keys[v] = k;
  }
  return { current: Math.max(a.current, b.current), keys };
}

const b64 = (b: Buffer): string => b.toString("base64url");
const keyOf = (ring: Keyring, version: number): Buffer => {
  const hex = ring.keys[version];
  if (hex === undefined) throw new Error(`keyring: no key version ${version} (versions ${Object.keys(ring.keys).join(", ")})`);
  return Buffer.from(hex, "hex");
};
const derived = new Map<string, Buffer>();
/** The AES-256 key of a version (HKDF-SHA256 of the key material, so keys of any length ≥ 32 bytes work), derived once. */
function aesKey(ring: Keyring, version: number): Buffer {
  const material = keyOf(ring, version);
  const id = material.toString("hex");
  let key = derived.get(id);
  if (!key) derived.set(id, (key = Buffer.from(crypto.hkdfSync("sha256", material, Buffer.alloc(0), "keyring aes-256-gcm", 32))));
  return key;
}
const versionOf = (token: string): number => {
  const m = /^k(0|[1-9]\d*)$/.exec(token);
  if (!m) throw new Error("keyring: value does not name a key version (k<version>.…)");
  return Number(m[1]);
};

/** Encrypts with the newest key: `k<version>.<iv>.<ciphertext>.<tag>`. `aad` binds the ciphertext to a context (a row id). */
export function encrypt(ring: Keyring, plaintext: string | Buffer, aad?: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", aesKey(ring, ring.current), iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [`k${ring.current}`, b64(iv), b64(body), b64(cipher.getAuthTag())].join(".");
}

/** Decrypts with the version the ciphertext names; throws when that version is absent or the data was altered. */
export function decrypt(ring: Keyring, ciphertext: string, aad?: string): Buffer {
  const [v, iv, body, tag, ...rest] = ciphertext.split(".");
  if (rest.length || !iv || body === undefined || !tag) throw new Error("keyring: not a keyring ciphertext (k<version>.<iv>.<data>.<tag>)");
  const decipher = crypto.createDecipheriv("aes-256-gcm", aesKey(ring, versionOf(v)), Buffer.from(iv, "base64url"));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
}

/** HMAC-SHA256 with the newest key: `k<version>.<mac>`. */
export function sign(ring: Keyring, data: string | Buffer): string {
  return `k${ring.current}.${b64(crypto.createHmac("sha256", keyOf(ring, ring.current)).update(data).digest())}`;
}

/** Whether `signature` is a valid HMAC of `data` under the version it names (constant-time compare). */
export function verify(ring: Keyring, data: string | Buffer, signature: string): boolean {
  const [v, mac, ...rest] = signature.split(".");
  if (rest.length || !mac) return false;
  let version: number;
  try {
    version = versionOf(v);
  } catch {
    return false;
  }
  if (ring.keys[version] === undefined) return false;
  const expected = crypto.createHmac("sha256", keyOf(ring, version)).update(data).digest();
  const given = Buffer.from(mac, "base64url");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
