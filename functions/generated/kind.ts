/**
 * Rotation of the generated application secrets of a SecretSet. The secret's `generator` tag says what a new
 * value is:
 * - `password:<chars>` and `hex:<bytes>`: a new random value replaces the old one. Applications accept AWSCURRENT
 *   and AWSPREVIOUS, so a value stays valid for one full rotation period after it is replaced.
 * - `keyring:<bytes>`: the staged version becomes current and a new random key is appended, staged, as the next
 *   version; no version is ever dropped or changed (createSecret and testSecret both check it), so everything
 *   encrypted or signed stays readable, and tasks not yet redeployed already hold the key new tasks write with.
 * No downstream system holds these values: setSecret has nothing to do.
 */
import * as crypto from "crypto";
import { PREVIOUS, RotationContext, RotationError, RotationKind, requireValue, secretValue } from "../shared/rotation";
import { appendKey, assertKeeps, decrypt, encrypt, Keyring, mergeKeyrings, parseKeyring, serializeKeyring, sign, verify } from "./keyring";

/** URL-safe: the values end up in headers, cookies and URLs. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const MIN_LENGTH = 32;

export interface Generator {
  readonly kind: "password" | "hex" | "keyring";
  readonly length: number;
}

/** The secret's generator from its `generator` tag, or an error naming the tag's value. */
export function generatorOf(ctx: Pick<RotationContext, "metadata" | "secretId">): Generator {
  const tag = (ctx.metadata.Tags ?? []).find((t) => t.Key === "generator")?.Value;
  const m = /^(password|hex|keyring):(\d+)$/.exec(tag ?? "");
  if (!m) throw new RotationError(`secret ${ctx.secretId} has no valid generator tag (password:<chars>, hex:<bytes> or keyring:<bytes>): ${JSON.stringify(tag)}`);
  const length = Number(m[2]);
  if (length < MIN_LENGTH) throw new RotationError(`secret ${ctx.secretId}: generator length ${length} is below the ${MIN_LENGTH} floor`);
  return { kind: m[1] as Generator["kind"], length };
}

export function randomPassword(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}

/** Every version in AWSCURRENT and AWSPREVIOUS (a hand-edited current cannot lose what the previous value held). */
async function knownKeyring(ctx: RotationContext, current: string): Promise<Keyring> {
  const previous = await secretValue(ctx.client, ctx.secretId, PREVIOUS);
  const ring = parseKeyring(current);
  return previous === undefined ? ring : mergeKeyrings(ring, parseKeyring(previous));
}

export const generatedKind: RotationKind = {
  name: "generated",
  async createValue(ctx, current) {
    const g = generatorOf(ctx);
    if (g.kind === "password") return randomPassword(g.length);
    if (g.kind === "hex") return crypto.randomBytes(g.length).toString("hex");
    const known = await knownKeyring(ctx, current);
    const next = appendKey(known, crypto.randomBytes(g.length).toString("hex"));
    assertKeeps(known, next);
    return serializeKeyring(next);
  },
  async setSecret() {
    // Nothing holds these values but the secret itself.
  },
  async testSecret(ctx, pending) {
    const g = generatorOf(ctx);
    if (g.kind !== "keyring") {
      const ok = g.kind === "password" ? pending.length === g.length && [...pending].every((c) => ALPHABET.includes(c)) : pending.length === 2 * g.length && /^[0-9a-f]+$/.test(pending);
      if (!ok) throw new RotationError(`secret ${ctx.secretId}: the pending value is not ${g.kind}:${g.length}`);
      return;
    }
    const ring = parseKeyring(pending);
    try {
      assertKeeps(await knownKeyring(ctx, await requireValue(ctx.client, ctx.secretId, "AWSCURRENT")), ring);
    } catch (e) {
      throw new RotationError(`secret ${ctx.secretId}: ${(e as Error).message}`);
    }
    const probe = "keyring rotation test";
    if (decrypt(ring, encrypt(ring, probe)).toString() !== probe || !verify(ring, probe, sign(ring, probe))) {
      throw new RotationError(`secret ${ctx.secretId}: the current key version ${ring.current} does not round-trip`);
    }
  },
};
