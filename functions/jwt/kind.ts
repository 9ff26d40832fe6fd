/**
 * Rotation of the JWT signing key pair: createSecret makes the published next key current (a new `kid` signs), adds a
 * new next key of the same algorithm and size, and keeps the public key of the one it retires, plus every retired key
 * younger than the retention, which covers the longest token lifetime. Applications serve the JWKS of the key set, so
 * tokens signed with the retired key keep verifying. setSecret has nothing to do (no server holds the key);
 * testSecret signs and verifies with the new current key and checks that no key of the current JWKS is lost.
 */
import * as crypto from "crypto";
import { RotationError, RotationKind, requireValue } from "../shared/rotation";
import { jwksOf, newSigningKey, parseKeySet, rotateKeySet, serializeKeySet } from "./keyset";

export interface JwtKindOptions {
  /** How long a retired public key stays in the JWKS, in milliseconds. */
  readonly retainMs: number;
  /** @default the clock */
  readonly now?: () => Date;
}

export function jwtKind(options: JwtKindOptions): RotationKind {
  const now = options.now ?? (() => new Date());
  return {
    name: "jwt",
    createValue(_ctx, current) {
      const set = parseKeySet(current);
      const at = now();
      return Promise.resolve(serializeKeySet(rotateKeySet(set, newSigningKey(set.current, at), at, options.retainMs)));
    },
    async setSecret() {
      // The key lives only in the secret; applications pick it up from there.
    },
    async testSecret(ctx, pending) {
      const set = parseKeySet(pending);
      const current = parseKeySet(await requireValue(ctx.client, ctx.secretId, "AWSCURRENT"));
      if (current.next && set.current.kid !== current.next.kid) throw new RotationError(`secret ${ctx.secretId}: the pending key ${set.current.kid} is not the published next key ${current.next.kid}`);
      const kids = jwksOf(set).keys.map((k) => k.kid);
      for (const kid of [current.current.kid, ...(current.next ? [current.next.kid] : [])]) {
        if (!kids.includes(kid)) throw new RotationError(`secret ${ctx.secretId}: the pending JWKS drops key ${kid}`);
      }
      const probe = Buffer.from("jwt rotation test");
      const signature = crypto.sign("sha256", probe, set.current.privateKeyPem);
      if (!crypto.verify("sha256", probe, set.current.publicKeyPem, signature)) throw new RotationError(`secret ${ctx.secretId}: the new key ${set.current.kid} does not verify its own signature`);
    },
  };
}
