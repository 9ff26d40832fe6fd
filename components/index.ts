/** Public exports of hardened-aws: one component per service. */
export { LogClasses } from "./logs";
export type { LogClassesArgs, LogClass } from "./logs";
export { Network } from "./network";
export type { NetworkArgs } from "./network";
export { ArgumentError } from "./shared/errors";
export type { Environment } from "./shared/naming";
export { HardenedService } from "./service";
export type { HardenedServiceArgs, ServiceBuild, ServiceEgressRule, ServicePolicyStatement, ServiceSecretRef } from "./service";
