/**
 * Keyrings (encryption-key, signing-key) and the JWT key set through 50 rotations each, run by the functions' own
 * code against the in-memory Secrets Manager, with a crash after every step (then the rotation is re-run) and
 * rotations started while the previous one is still pending. Three application tasks read the secret at start and
 * are replaced one by one after each rotation (the rolling redeploy); one of them is replaced only just before the
 * next rotation. After every step and every task replacement each task writes and reads: every ciphertext and
 * signature made since the start must still open, and every unexpired JWT must verify on every task.
 */
import { PutSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "@jest/globals";
import { randomUUID } from "crypto";
import * as crypto from "crypto";
import { appendKey, assertKeeps, decrypt, encrypt, Keyring, parseKeyring, serializeKeyring, sign, verify } from "../../functions/generated/keyring";
import { generatedKind } from "../../functions/generated/kind";
import { PublicJwk } from "../../functions/jwt/jwks";
import { initialKeySet, jwksOf, KeySet, parseKeySet, serializeKeySet } from "../../functions/jwt/keyset";
import { jwtKind } from "../../functions/jwt/kind";
import { rotationHandler } from "../../functions/shared/rotation";
import { FakeSecretsManager } from "../support/fake-secrets-manager";
import { newStats, rotateWithFaults, summary } from "../support/rotation-driver";

const ROTATIONS = 50;
const DAY = 86_400_000;
const quiet = () => undefined;

describe("keyring rotation (encryption-key, signing-key)", () => {
  it.each([
    ["encryption-key", 32],
    ["signing-key", 64],
  ])("keeps every %s version through 50 rotations with crashes: 0 decrypt or verify failures", async (purpose, bytes) => {
    const fake = new FakeSecretsManager();
    const first: Keyring = { current: 1, keys: { 1: crypto.randomBytes(bytes).toString("hex") } };
    const id = fake.createSecret(`/shop/prod/${purpose}`, serializeKeyring(first), { tags: { generator: `keyring:${bytes}` } });
    const handler = rotationHandler(generatedKind, fake, quiet);
    const current = () => parseKeyring(fake.valueAt(id, "AWSCURRENT")!);
    // Three tasks, each with the keyring it read at start.
    const tasks: Keyring[] = [current(), current(), current()];
    const records: { ciphertext: string; plaintext: string; signature: string }[] = [];
    const stats = newStats();
    let n = 0;
    let checks = 0;
    /** Each task writes a record; every task reads the records written since the last full check, or all of them. */
    let checkedUpTo = 0;
    const tick = (all = false) => {
      tasks.forEach((ring, t) => {
        const plaintext = `record ${n++} from task ${t}`;
        records.push({ ciphertext: encrypt(ring, plaintext, `row-${n}`), plaintext: `${plaintext}|row-${n}`, signature: sign(ring, plaintext) });
      });
      const toCheck = all ? records : records.slice(checkedUpTo);
      if (all) checkedUpTo = records.length;
      for (const ring of tasks) {
        for (const r of toCheck) {
          checks++;
          const [text, aad] = r.plaintext.split("|");
          try {
            if (decrypt(ring, r.ciphertext, aad).toString() !== text || !verify(ring, text, r.signature)) stats.failures++;
          } catch {
            stats.failures++;
          }
        }
      }
    };
    tick(); // sample data before the first rotation
    const before = records.slice();
    for (let i = 0; i < ROTATIONS; i++) {
      await rotateWithFaults(fake, id, handler, i, stats, tick);
      // Rolling redeploy: tasks 0 and 1 at once, task 2 only just before the next rotation.
      tasks[0] = current();
      tick();
      tasks[1] = current();
      tick();
      tasks[2] = current();
      tick(true); // every record since the start, on every task
    }
    const last = current();
    expect(Object.keys(last.keys)).toHaveLength(ROTATIONS + 1);
    expect(last.current).toBe(ROTATIONS);
    assertKeeps(first, last);
    for (const r of before) expect(decrypt(last, r.ciphertext, r.plaintext.split("|")[1]).toString()).toBe(r.plaintext.split("|")[0]);
    console.log(`${summary(purpose, stats)}; ${records.length} records, ${checks} decrypt+verify checks; value ${fake.valueAt(id, "AWSCURRENT")!.length} bytes after ${ROTATIONS} rotations`);
    expect(stats.failures).toBe(0);
    expect(stats.faults).toBeGreaterThanOrEqual(20);
  });

  it("never drops a version: a hand-edited AWSCURRENT gets the dropped version back from AWSPREVIOUS, and a pending keyring that loses one fails testSecret", async () => {
    const fake = new FakeSecretsManager();
    const k = () => crypto.randomBytes(32).toString("hex");
    const ring2 = appendKey({ current: 1, keys: { 1: k() } }, k());
    const id = fake.createSecret("/shop/prod/encryption-key", serializeKeyring(ring2), { tags: { generator: "keyring:32" } });
    const handler = rotationHandler(generatedKind, fake, quiet);
    await fake.rotate(id, handler);
    const after = parseKeyring(fake.valueAt(id, "AWSCURRENT")!);
    // Someone puts a keyring without version 1 as AWSCURRENT by hand.
    await fake.send(new PutSecretValueCommand({ SecretId: id, ClientRequestToken: randomUUID(), SecretString: serializeKeyring({ current: 2, keys: { 2: after.keys[2], 3: after.keys[3] } }) }));
    // The finished rotation's version still carries AWSPENDING (AWS may leave it): RotateSecret starts a new token.
    await fake.rotate(id, handler, { token: randomUUID() });
    const healed = parseKeyring(fake.valueAt(id, "AWSCURRENT")!);
    expect(Object.keys(healed.keys).sort()).toEqual(["1", "2", "3", "4"]);
    expect(healed.keys[1]).toBe(ring2.keys[1]);

    // A pending value that drops a version (as a buggy or replaced function would put) is refused before finish.
    const token = randomUUID();
    await fake.send(
      new PutSecretValueCommand({ SecretId: id, ClientRequestToken: token, SecretString: serializeKeyring({ current: 4, keys: { 4: healed.keys[4], 5: k() } }), VersionStages: ["AWSPENDING"] }),
    );
    await expect(handler({ SecretId: id, ClientRequestToken: token, Step: "testSecret" })).rejects.toThrow(/version 1 would be dropped/);
    expect(parseKeyring(fake.valueAt(id, "AWSCURRENT")!).keys[1]).toBe(ring2.keys[1]);
    expect(() => assertKeeps(healed, { current: 4, keys: { ...healed.keys, 2: k() } })).toThrow(/version 2 would be changed/);
  });

  it("reads a hex key made before keyrings as version 0 and keeps it", async () => {
    const fake = new FakeSecretsManager();
    const legacy = crypto.randomBytes(32).toString("hex");
    const id = fake.createSecret("/shop/prod/encryption-key", legacy, { tags: { generator: "keyring:32" } });
    const old = parseKeyring(legacy);
    const stored = encrypt(old, "before keyrings");
    await fake.rotate(id, rotationHandler(generatedKind, fake, quiet));
    await fake.rotate(id, rotationHandler(generatedKind, fake, quiet));
    const ring = parseKeyring(fake.valueAt(id, "AWSCURRENT")!);
    expect(ring).toMatchObject({ current: 1, keys: { 0: legacy } });
    expect(decrypt(ring, stored).toString()).toBe("before keyrings");
  });
});

// ---- JWT: a minimal RS256/ES256 JWS, as an application's JWT library does it --------------------------------------

const b64json = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
/** Parsed keys by PEM or kid, as a JWT library caches a JWKS. */
const keyCache = new Map<string, crypto.KeyObject>();
const cached = (id: string, make: () => crypto.KeyObject) => keyCache.get(id) ?? keyCache.set(id, make()).get(id)!;
function signJwt(set: KeySet, claims: { iat: number; exp: number; sub: string }): string {
  const head = `${b64json({ alg: set.current.alg, kid: set.current.kid, typ: "JWT" })}.${b64json(claims)}`;
  const key = cached(set.current.privateKeyPem, () => crypto.createPrivateKey(set.current.privateKeyPem));
  const sig = crypto.sign("sha256", Buffer.from(head), set.current.alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key);
  return `${head}.${sig.toString("base64url")}`;
}
function verifyJwt(jwks: { keys: PublicJwk[] }, token: string, nowSec: number): boolean {
  const [h, p, s] = token.split(".");
  const header = JSON.parse(Buffer.from(h, "base64url").toString());
  const claims = JSON.parse(Buffer.from(p, "base64url").toString());
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk || claims.exp <= nowSec) return false;
  const id = `${jwk.kid}:${jwk.n ?? jwk.x}`;
  // A signature checked once against the same key material gives the same answer: only the JWKS and the clock change.
  const memo = `${token}|${id}`;
  if (verified.has(memo)) return verified.get(memo)!;
  const key = cached(id, () => crypto.createPublicKey({ key: jwk as unknown as crypto.JsonWebKey, format: "jwk" }));
  return verified.set(memo, crypto.verify("sha256", Buffer.from(`${h}.${p}`), jwk.alg === "ES256" ? { key, dsaEncoding: "ieee-p1363" } : key, Buffer.from(s, "base64url"))).get(memo)!;
}
const verified = new Map<string, boolean>();

describe("JWT key set rotation", () => {
  // ES256 here: 50 RSA key generations alone take a minute on a busy runner; RSA is rotated in the next test.
  it("rotates 50 times with a new kid each time: every unexpired token verifies on every task, retired keys leave after the retention", async () => {
    const fake = new FakeSecretsManager();
    const pair = () => crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const id = fake.createSecret("/shop/prod/jwt-private-key", serializeKeySet(initialKeySet(pair(), pair(), [], new Date(clock).toISOString())));
    const RETAIN_DAYS = 8;
    const handler = rotationHandler(jwtKind({ retainMs: RETAIN_DAYS * DAY, now: () => new Date(clock) }), fake, quiet);
    const current = () => parseKeySet(fake.valueAt(id, "AWSCURRENT")!);
    const tasks: KeySet[] = [current(), current(), current()];
    // Refresh tokens live 7 days, access tokens 15 minutes (the seeds' longest and shortest).
    const tokens: { token: string; exp: number }[] = [];
    let live: { token: string; exp: number }[] = [];
    let checked = 0;
    const stats = newStats();
    const kids = new Set<string>();
    const tick = () => {
      const now = Math.floor(clock / 1000);
      tasks.forEach((set, t) => {
        for (const life of [7 * 86_400, 900]) {
          const tk = { token: signJwt(set, { iat: now, exp: now + life, sub: `task-${t}` }), exp: now + life };
          tokens.push(tk);
          live.push(tk);
        }
      });
      live = live.filter((tk) => tk.exp > now);
      for (const set of tasks) {
        const jwks = jwksOf(set);
        for (const tk of live) {
          checked++;
          if (!verifyJwt(jwks, tk.token, now)) stats.failures++;
        }
      }
    };
    tick();
    const firstToken = tokens[0];
    for (let i = 0; i < ROTATIONS; i++) {
      // Scheduled (90 days), then runs of manual rotations a day apart: the retention, not the period, must cover tokens.
      clock += (i % 10 < 5 ? 1 : 90) * DAY;
      tick();
      await rotateWithFaults(fake, id, handler, i, stats, tick);
      kids.add(current().current.kid);
      clock += 60_000; // the rolling redeploy takes minutes
      tasks[0] = current();
      tick();
      tasks[1] = current();
      tick();
      clock += 20 * 3_600_000; // the last task is replaced late
      tick();
      tasks[2] = current();
    }
    const last = current();
    expect(kids.size).toBe(ROTATIONS);
    // Retired keys older than the retention are gone, the newest retired one is kept.
    const ageDays = last.previous.map((k) => (clock - Date.parse(k.retiredAt)) / DAY);
    expect(last.previous.length).toBeGreaterThanOrEqual(1);
    expect(ageDays.slice(1).every((d) => d < RETAIN_DAYS + 1 + 1)).toBe(true);
    expect(jwksOf(last).keys.length).toBeLessThan(ROTATIONS / 2);
    expect(verifyJwt(jwksOf(last), firstToken.token, Math.floor(clock / 1000))).toBe(false); // long expired
    console.log(`${summary("jwt", stats)}; ${tokens.length} tokens, ${checked} verifications of unexpired tokens; JWKS holds ${jwksOf(last).keys.length} keys`);
    expect(stats.failures).toBe(0);
  });

  it("refuses a pending key set that drops the current key from the JWKS; rotates RSA 2048 keys as RSA 2048", async () => {
    const fake = new FakeSecretsManager();
    const pair = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const set = initialKeySet(pair(), pair(), [], new Date().toISOString());
    const id = fake.createSecret("/shop/prod/jwt-private-key", serializeKeySet(set));
    const handler = rotationHandler(jwtKind({ retainMs: 8 * DAY }), fake, quiet);
    const token = randomUUID();
    const bad: KeySet = { current: set.next!, next: initialKeySet(pair(), pair(), [], "x").current, previous: [] };
    await fake.send(new PutSecretValueCommand({ SecretId: id, ClientRequestToken: token, SecretString: serializeKeySet(bad), VersionStages: ["AWSPENDING"] }));
    await expect(handler({ SecretId: id, ClientRequestToken: token, Step: "testSecret" })).rejects.toThrow(`drops key ${set.current.kid}`);
    // The function's own rotation is accepted and signs under the published next kid, with a new RSA 2048 next key.
    const before = signJwt(set, { iat: 0, exp: 2e9, sub: "a" });
    await fake.rotate(id, handler, { token: randomUUID() });
    const after = parseKeySet(fake.valueAt(id, "AWSCURRENT")!);
    expect(after.current).toMatchObject({ kid: set.next!.kid, alg: "RS256" });
    expect(crypto.createPublicKey(after.next!.publicKeyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(jwksOf(after).keys.map((k) => k.kid)).toEqual([set.next!.kid, after.next!.kid, set.current.kid]);
    expect(verifyJwt(jwksOf(after), before, 1e9)).toBe(true);
  });
});
