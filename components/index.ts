/** Public exports of hardened-aws: one component per service. */
export { LogClasses } from "./logs";
export type { LogClassesArgs, LogClass } from "./logs";
export { Network } from "./network";
export { SecureLoadBalancer } from "./loadbalancer";
export { WebFirewall, DEFAULT_PATH_RATES, DEFAULT_GENERAL_RATE, wafRate } from "./firewall";
export type { WebFirewallArgs, ApiKeyRateArgs, PathRateTier, RateFigure } from "./firewall";
export type { SecureLoadBalancerArgs, LoadBalancerTarget, ClientCertListenerArgs, NetworkLoadBalancerArgs, NlbListenerArgs } from "./loadbalancer";
export type { NetworkArgs } from "./network";
export { SecureCache } from "./cache";
export type { SecureCacheArgs, CachePurpose, CacheEngine } from "./cache";
export { SecretSet } from "./secrets";
export type { SecretSetArgs, SecretSpec, SecretKind, JwtKeyPairSpec } from "./secrets";
/** Reading rotated values in an application: a keyring (encrypt with the current key, decrypt by version) and the JWT key set. */
export * as keyring from "../functions/generated/keyring";
export * as jwtKeySet from "../functions/jwt/keyset";
export { ArgumentError } from "./shared/errors";
export type { Environment } from "./shared/naming";
export { SecureDatabase, ROLE_NAMES, passwordVariable } from "./database";
export type { SecureDatabaseArgs } from "./database";
export { BackupPlan } from "./backup";
export type { BackupPlanArgs } from "./backup";
export { Monitoring } from "./monitoring";
export type { MonitoringArgs, DashboardTargets } from "./monitoring";
export { HardenedService, OneOffTask, ServiceCluster } from "./service";
export type { HardenedServiceArgs, ServiceBuild, ServiceEgressRule, ServicePolicyStatement, ServiceSecretRef } from "./service";
export { SecureBucket } from "./bucket";
export type { SecureBucketArgs, ObjectLockArgs, AccessLogTarget } from "./bucket";
export type { ClusterRef, ContainerHealthCheck, EventLogGroup, OneOffTaskArgs, ServiceClusterArgs, ServiceOneOffTaskArgs, ServiceSidecar } from "./service";
