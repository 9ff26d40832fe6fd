/** Public exports of hardened-aws: one component per service. */
export { LogClasses } from "./logs";
export type { LogClassesArgs, LogClass } from "./logs";
export { Network } from "./network";
export { SecureLoadBalancer } from "./loadbalancer";
export { WebFirewall } from "./firewall";
export type { WebFirewallArgs, ApiKeyRateArgs, PathRateTier, RateFigure } from "./firewall";
export type { SecureLoadBalancerArgs, LoadBalancerTarget, MutualTlsArgs } from "./loadbalancer";
export type { NetworkArgs } from "./network";
export { SecureCache } from "./cache";
export type { SecureCacheArgs, CachePurpose, CacheEngine } from "./cache";
export { SecretSet } from "./secrets";
export type { SecretSetArgs, SecretSpec, SecretKind, JwtKeyPairSpec } from "./secrets";
export { ArgumentError } from "./shared/errors";
export type { Environment } from "./shared/naming";
export { SecureDatabase } from "./database";
export type { SecureDatabaseArgs } from "./database";
