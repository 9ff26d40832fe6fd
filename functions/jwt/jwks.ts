import * as crypto from "crypto";

/** One JSON Web Key of a public signing key, with its RFC 7638 thumbprint as `kid`. */
export interface PublicJwk {
  readonly kty: "RSA" | "EC";
  readonly kid: string;
  readonly use: "sig";
  readonly alg: "RS256" | "ES256";
  readonly n?: string;
  readonly e?: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: crypto.JsonWebKey): string {
  const members = jwk.kty === "RSA" ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return crypto.createHash("sha256").update(JSON.stringify(members)).digest("base64url");
}

/** The JWK of an SPKI public key PEM (RSA → RS256, P-256 → ES256). */
export function publicJwk(pem: string): PublicJwk {
  const jwk = crypto.createPublicKey(pem).export({ format: "jwk" });
  const kid = jwkThumbprint(jwk);
  if (jwk.kty === "RSA") return { kty: "RSA", kid, use: "sig", alg: "RS256", n: jwk.n, e: jwk.e };
  if (jwk.kty === "EC" && jwk.crv === "P-256") return { kty: "EC", kid, use: "sig", alg: "ES256", crv: jwk.crv, x: jwk.x, y: jwk.y };
  throw new Error(`unsupported public key type ${jwk.kty} ${jwk.crv ?? ""}`);
}

/** A JWKS document (JSON text) with the current key first, then the retired keys still accepted. */
export function jwksJson(currentPem: string, previousPems: readonly string[] = []): string {
  return JSON.stringify({ keys: [currentPem, ...previousPems].map(publicJwk) });
}
