import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { kmsKeyArn } from "../shared/arn";
import { appNameRule, matches } from "../shared/names";
import { bool, checkArgs, environment, input, list, num, obj, opt, record, req, Shape, str } from "../shared/shape";
import { AlarmSettings, DashboardTargets, EventMatch, MonitoringArgs } from "./args";
import { AlarmName, DEFAULT_PUBLISHERS, FilterName, MAX_ALARM_PERIOD_SECONDS, MIN_ALARM_PERIOD_SECONDS, SECURITY_ALARMS, SECURITY_FILTERS } from "./defaults";

export type ResolvedMonitoringArgs = Omit<MonitoringArgs, "filters" | "alarms"> & {
  readonly alertEmails: readonly string[];
  readonly publishers: readonly string[];
  /** Field and values per filter, defaults filled in. */
  readonly filters: Readonly<Record<FilterName, { readonly field: string; readonly values: readonly (string | number)[] }>>;
  /** Threshold and period per alarm, defaults filled in. */
  readonly alarms: Readonly<Record<AlarmName, { readonly threshold: number; readonly periodSeconds: number }>>;
  /** Keys of `filters` and `alarms` that name no filter or alarm (refused by validate). */
  readonly unknownKeys: readonly string[];
};

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

const LOG_GROUP = matches(/^[\w\-./#]{1,512}$/, "LOG_GROUP_NAME", "a CloudWatch Logs group name", '"/shop/prod/security"');
const text = opt(input(str()));

/** Runtime shape of {@link MonitoringArgs}; filter and alarm names are {@link validate}'s (MON_FILTER_UNKNOWN, MON_ALARM_UNKNOWN). */
export const SHAPE: Shape<MonitoringArgs> = {
  environment,
  appName: req(str(appNameRule())),
  alertEmails: opt(list(str())) /* MON_EMAIL_DUPLICATE */,
  alertEmailsSecret: opt(bool),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
  publishers: opt(list(str(), { unique: true })),
  securityLogGroupName: opt(input(str(LOG_GROUP))),
  appLogGroupName: opt(input(str(LOG_GROUP))),
  filters: opt(
    record(
      obj<EventMatch>({ field: opt(str()), values: opt(list({ what: "a string or number", run: (ctx, arg, v) => (typeof v === "string" || typeof v === "number" ? v : str().run(ctx, arg, v)) })) }),
    ),
  ),
  alarms: opt(record(obj<AlarmSettings>({ threshold: opt(num()), periodSeconds: opt(num()) }))),
  dashboard: opt(
    obj<DashboardTargets>({ albArnSuffix: text, targetGroupArnSuffix: text, webAclName: text, dbInstanceIdentifier: text, cacheClusterId: text, ecsClusterName: text, ecsServiceName: text }),
  ),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: MonitoringArgs): MonitoringArgs => checkArgs("Monitoring", "MON", name, args, SHAPE);

export function withDefaults(args: MonitoringArgs): ResolvedMonitoringArgs {
  const f: Record<string, any> = isObject(args.filters) ? args.filters : {};
  const al: Record<string, any> = isObject(args.alarms) ? args.alarms : {};
  const filters = Object.fromEntries(Object.entries(SECURITY_FILTERS).map(([k, v]) => [k, { field: f[k]?.field ?? v.field, values: f[k]?.values ?? v.values }])) as ResolvedMonitoringArgs["filters"];
  const alarms = Object.fromEntries(
    Object.entries(SECURITY_ALARMS).map(([k, v]) => [k, { threshold: al[k]?.threshold ?? v.threshold, periodSeconds: al[k]?.periodSeconds ?? v.period }]),
  ) as ResolvedMonitoringArgs["alarms"];
  const unknownKeys = [
    ...Object.keys(f)
      .filter((k) => !(k in SECURITY_FILTERS))
      .map((k) => `filters.${k}`),
    ...Object.keys(al)
      .filter((k) => !(k in SECURITY_ALARMS))
      .map((k) => `alarms.${k}`),
  ];
  return { ...args, alertEmails: args.alertEmails ?? [], publishers: args.publishers ?? DEFAULT_PUBLISHERS, filters, alarms, unknownKeys };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** A JSON path below the root as metric filter patterns take it ($.a.b). */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function validate(name: string, a: ResolvedMonitoringArgs): ResolvedMonitoringArgs {
  checkEnvironment("Monitoring", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  a.alertEmails.forEach((e, i) => p.check(!EMAIL.test(e), "MON_EMAIL", `alertEmails[${i}]`, "is not an email address", "list addresses such as security@example.com."));
  p.check(
    a.environment === "prod" && a.alertEmails.length === 0,
    "MON_PROD_NO_SUBSCRIBERS",
    "alertEmails",
    "prod alarms and backup failures would reach no one: the alert topic has no subscriber",
    "list at least one address in alertEmails (the alertEmails stack config) in prod.",
  );
  p.check(new Set(a.alertEmails).size !== a.alertEmails.length, "MON_EMAIL_DUPLICATE", "alertEmails", "lists an address twice", "list each address once.");
  for (const key of a.unknownKeys) {
    const [map] = key.split(".");
    const known = Object.keys(map === "filters" ? SECURITY_FILTERS : SECURITY_ALARMS);
    p.add(
      map === "filters" ? "MON_FILTER_UNKNOWN" : "MON_ALARM_UNKNOWN",
      key,
      `names no ${map === "filters" ? "filter" : "alarm"}, so the setting would be ignored`,
      `use one of ${known.join(", ")}.`,
    );
  }
  for (const [k, f] of Object.entries(a.filters) as [FilterName, ResolvedMonitoringArgs["filters"][FilterName]][]) {
    p.check(
      typeof f.field !== "string" || !FIELD.test(f.field),
      "MON_FILTER_FIELD",
      `filters.${k}.field`,
      `${JSON.stringify(f.field)} is not a JSON field path (letters, digits, underscores, dots)`,
      `name the field the app logs, e.g. "type" (default "${SECURITY_FILTERS[k].field}").`,
    );
    const values: unknown = f.values;
    const ok =
      Array.isArray(values) &&
      values.length > 0 &&
      values.every((v) => (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v.length > 0 && v.length <= 256 && !/["\\\n]/.test(v)));
    p.check(
      !ok,
      "MON_FILTER_VALUES",
      `filters.${k}.values`,
      `${JSON.stringify(values)} is not a non-empty list of strings (no quotes or backslashes) and numbers`,
      `list the values the app logs, e.g. ${JSON.stringify(SECURITY_FILTERS[k].values)}.`,
    );
  }
  for (const [k, v] of Object.entries(a.alarms) as [AlarmName, ResolvedMonitoringArgs["alarms"][AlarmName]][]) {
    p.check(
      typeof v.threshold !== "number" || !Number.isFinite(v.threshold) || v.threshold <= 0,
      "MON_THRESHOLD",
      `alarms.${k}.threshold`,
      `${JSON.stringify(v.threshold)} would alarm on every period or never`,
      `use a positive number (default ${SECURITY_ALARMS[k].threshold}).`,
    );
    const s = v.periodSeconds;
    p.check(
      !Number.isInteger(s) || s < MIN_ALARM_PERIOD_SECONDS || s > MAX_ALARM_PERIOD_SECONDS || s % 60 !== 0,
      "MON_PERIOD",
      `alarms.${k}.periodSeconds`,
      `${JSON.stringify(s)} is not a whole number of minutes from 60 to 86400 (metric filter metrics have one-minute resolution)`,
      `use e.g. 300 or 3600 (default ${SECURITY_ALARMS[k].period}).`,
    );
  }
  for (const s of a.publishers)
    p.check(!/^[a-z0-9.-]+\.amazonaws\.com$/.test(s), "MON_PUBLISHER", "publishers", `"${s}" is not an AWS service principal`, "use principals such as cloudwatch.amazonaws.com.");
  const d = a.dashboard ?? {};
  p.check(
    !!d.targetGroupArnSuffix && !d.albArnSuffix,
    "MON_DASHBOARD_PARTIAL",
    "dashboard.targetGroupArnSuffix",
    "target group metrics need the load balancer dimension too",
    "also pass dashboard.albArnSuffix.",
  );
  p.check(
    !!d.ecsServiceName !== !!d.ecsClusterName,
    "MON_DASHBOARD_PARTIAL",
    "dashboard.ecsServiceName",
    "ECS service metrics need both the cluster and the service name",
    "pass both dashboard.ecsClusterName and dashboard.ecsServiceName.",
  );
  p.throwIfAny("Monitoring", name);
  return a;
}
