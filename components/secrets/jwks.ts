/** The JWKS helpers live with the JWT rotation function, which builds the key sets; this re-exports them. */
export { jwksJson, jwkThumbprint, publicJwk } from "../../functions/jwt/jwks";
export type { PublicJwk } from "../../functions/jwt/jwks";
