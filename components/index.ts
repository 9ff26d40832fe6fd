/** Public exports of hardened-aws: one component per service. */
export { LogClasses } from "./logs";
export type { LogClassesArgs, LogClass } from "./logs";
export { Network } from "./network";
export type { NetworkArgs } from "./network";
export { ArgumentError } from "./shared/errors";
export type { Environment } from "./shared/naming";
export { BackupPlan } from "./backup";
export type { BackupPlanArgs } from "./backup";
export { Monitoring } from "./monitoring";
export type { MonitoringArgs, DashboardTargets } from "./monitoring";
