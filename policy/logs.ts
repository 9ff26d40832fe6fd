/** Log controls: every CloudWatch log group is encrypted with a CMK and has a retention (LOG-2, LOG-4). */
import { peek, present, resourcePolicy } from "./lib";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

export const logGroupEncrypted = resourcePolicy({
  name: "logs-group-kms-encrypted",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  types: [LOG_GROUP],
  severity: "medium",
  category: "security",
  controls: ["LOG-4"],
  remediation: "set kmsKeyId to a CMK whose key policy admits logs.<region>.amazonaws.com (LogClasses does this).",
  validate: (r, report) => {
    if (!present(r.props, "kmsKeyId")) report("Log group is not encrypted with a customer-managed key; anyone with logs read access can read security and audit events.");
  },
});

export const logGroupRetention = resourcePolicy({
  name: "logs-group-retention-set",
  description: "CloudWatch log groups have a retention period.",
  types: [LOG_GROUP],
  severity: "low",
  category: "security",
  controls: ["LOG-2"],
  fsbp: ["CloudWatch.16"],
  remediation: "set retentionInDays to the group's class (application 30, security 90, audit 2557 days).",
  validate: (r, report) => {
    const days = peek(r.props, "retentionInDays");
    if (days === undefined || days === null || days === 0) report("Log group keeps events forever with no retention decision.");
  },
});

export const policies = [logGroupEncrypted, logGroupRetention];
