/** Log controls: every CloudWatch log group is encrypted with a CMK and has a retention; class floors in prod (LOG-2, LOG-3, LOG-4). */
import { ENVIRONMENT_CONFIG, isProd } from "./environment";
import { isUnknown, peek, present, resourcePolicy, undecided } from "./lib";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export const logGroupEncrypted = resourcePolicy({
  name: "logs-group-kms-encrypted",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  types: [LOG_GROUP],
  severity: "medium",
  category: "security",
  controls: ["LOG-4"],
  checkov: ["CKV_AWS_158"],
  remediation: "set kmsKeyId to a CMK whose key policy admits logs.<region>.amazonaws.com (LogClasses does this).",
  validate: (r, report) => {
    if (!present(r.props, "kmsKeyId")) report("Log group is not encrypted with a customer-managed key; anyone with logs read access can read security and audit events.");
  },
});

export const logGroupRetention = resourcePolicy({
  name: "logs-group-retention-set",
  description:
    "CloudWatch log groups state their retention (retentionInDays set). 0 is a stated retention: never expire, the longest there is, so it passes here and meets every class floor; leaving it unset does not.",
  types: [LOG_GROUP],
  severity: "low",
  category: "security",
  controls: ["LOG-2"],
  fsbp: ["CloudWatch.16"],
  checkov: ["CKV_AWS_66"],
  remediation: "set retentionInDays to the group's class (application 30, security 90, audit 2557 days), or 0 to keep events forever on purpose.",
  validate: (r, report) => {
    const days = peek(r.props, "retentionInDays");
    if (days === undefined || days === null || days === "") report("Log group sets no retentionInDays: it keeps events forever, and nobody decided that.");
  },
});

/**
 * Prod retention floors per `log-class` tag (LOG-2: security 90, critical security alerts 365; LOG-3: audit
 * 7 years). The same figures are LogClasses' PROD_MIN_RETENTION_DAYS (a test keeps them equal).
 */
export const CLASS_FLOOR_DAYS: Readonly<Record<string, number>> = {
  application: 30,
  security: 90,
  "security-critical": 365,
  audit: 2557,
  network: 90,
};

export const logGroupClassRetention = resourcePolicy({
  name: "logs-group-class-retention-floor",
  description:
    "In prod a log group tagged with a log-class keeps events at least that class's floor (security 90, security-critical 365, audit 2557 days); retentionInDays 0 (never expire) meets every floor.",
  types: [LOG_GROUP],
  severity: "medium",
  // Security: the audit and security tiers are the forensic and compliance record (GDPR/SOC2 audit trail).
  category: "security",
  controls: ["LOG-2", "LOG-3"],
  remediation: "set retentionInDays to the class floor or more (config securityLogRetentionDays / auditLogRetentionDays; LogClasses applies them).",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isProd(r.props, r.args.getConfig())) return;
    const cls = peek(r.props, "tags.log-class");
    if (isUnknown(cls)) undecided("tags.log-class", "the tags are computed from other resources");
    const floor = typeof cls === "string" ? CLASS_FLOOR_DAYS[cls] : undefined;
    if (floor === undefined) return;
    const days = peek(r.props, "retentionInDays");
    if (isUnknown(days)) undecided("retentionInDays", "it comes from a resource not yet created");
    // 0 and unset both mean never expire, which meets every floor; logs-group-retention-set reports an unset one.
    if (typeof days === "number" && days > 0 && days < floor)
      report(`Log group of class ${cls} keeps events ${days} days, below the ${floor}-day floor, so the ${cls} record is gone before an investigation or audit needs it.`);
  },
});

export const policies = [logGroupEncrypted, logGroupRetention, logGroupClassRetention];
