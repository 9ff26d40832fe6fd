import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { MonitoringArgs } from "./args";
import { AlarmName, DEFAULT_PUBLISHERS, SECURITY_ALARMS } from "./defaults";

export type ResolvedMonitoringArgs = MonitoringArgs & {
  readonly alertEmails: readonly string[];
  readonly publishers: readonly string[];
  readonly thresholds: Readonly<Record<AlarmName, number>>;
};

export function withDefaults(args: MonitoringArgs): ResolvedMonitoringArgs {
  const thresholds = Object.fromEntries(Object.entries(SECURITY_ALARMS).map(([k, v]) => [k, args.thresholds?.[k as AlarmName] ?? v.threshold])) as Record<AlarmName, number>;
  return { ...args, alertEmails: args.alertEmails ?? [], publishers: args.publishers ?? DEFAULT_PUBLISHERS, thresholds };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function validate(name: string, a: ResolvedMonitoringArgs): ResolvedMonitoringArgs {
  checkEnvironment("Monitoring", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  a.alertEmails.forEach((e, i) => p.check(!EMAIL.test(e), "MON_EMAIL", `alertEmails[${i}]`, "is not an email address", "list addresses such as security@example.com."));
  p.check(a.environment === "prod" && a.alertEmails.length === 0, "MON_PROD_NO_SUBSCRIBERS", "alertEmails", "prod alarms and backup failures would reach no one: the alert topic has no subscriber", "list at least one address in alertEmails (the alertEmails stack config) in prod.");
  p.check(new Set(a.alertEmails).size !== a.alertEmails.length, "MON_EMAIL_DUPLICATE", "alertEmails", "lists an address twice", "list each address once.");
  for (const [k, v] of Object.entries(a.thresholds)) {
    p.check(!Number.isFinite(v) || v <= 0, "MON_THRESHOLD", `thresholds.${k}`, `${v} would alarm on every period or never`, `use a positive number (default ${SECURITY_ALARMS[k as AlarmName].threshold}).`);
  }
  for (const s of a.publishers) p.check(!/^[a-z0-9.-]+\.amazonaws\.com$/.test(s), "MON_PUBLISHER", "publishers", `"${s}" is not an AWS service principal`, "use principals such as cloudwatch.amazonaws.com.");
  const d = a.dashboard ?? {};
  p.check(!!d.targetGroupArnSuffix && !d.albArnSuffix, "MON_DASHBOARD_PARTIAL", "dashboard.targetGroupArnSuffix", "target group metrics need the load balancer dimension too", "also pass dashboard.albArnSuffix.");
  p.check(!!d.ecsServiceName !== !!d.ecsClusterName, "MON_DASHBOARD_PARTIAL", "dashboard.ecsServiceName", "ECS service metrics need both the cluster and the service name", "pass both dashboard.ecsClusterName and dashboard.ecsServiceName.");
  p.throwIfAny("Monitoring", name);
  return a;
}
