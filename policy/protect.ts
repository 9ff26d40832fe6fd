/**
 * Prod stateful resources carry Pulumi's `protect` option, so no update that replaces them and no
 * `pulumi destroy` can delete them until someone unprotects them on purpose (ENV-4, BAK-*). Their
 * `retainOnDelete` option is not sent to a policy pack (the analyzer protocol's resource options carry protect,
 * not retainOnDelete): the offline preview checks it with the same list (tools/retention.ts).
 */
import { ENVIRONMENT_CONFIG, isProd } from "./environment";
import { stackPolicy } from "./lib";

/** Resources whose deletion loses data or makes data unreadable. */
export const STATEFUL_TYPES = [
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:backup/vault:Vault",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:s3/bucket:Bucket",
] as const;

/** Log classes whose groups are evidence (security events, audit trail): kept like data (components' KEPT_CLASSES). */
export const EVIDENCE_LOG_CLASSES = ["security", "security-critical", "audit"] as const;

/** A resource whose deletion loses data, makes data unreadable or destroys evidence. */
export function isStateful(type: string, props: any): boolean {
  if ((STATEFUL_TYPES as readonly string[]).includes(type)) return true;
  return type === "aws:cloudwatch/logGroup:LogGroup" && (EVIDENCE_LOG_CLASSES as readonly string[]).includes(props?.tags?.["log-class"]);
}

export const statefulProtected = stackPolicy({
  name: "pulumi-stateful-resources-protected",
  description: "In prod, databases, caches, backup vaults, KMS keys, secrets, buckets and evidence log groups (security, audit) have the protect resource option.",
  severity: "high",
  category: "resilience",
  controls: ["ENV-4", "BAK-1"],
  remediation:
    "set { protect: true } on the resource (hardened-aws components set it on their stateful resources in prod); unprotect deliberately with `pulumi state unprotect` before a planned deletion.",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (resources, report, args) => {
    for (const r of resources.filter((x) => isStateful(x.type, x.props))) {
      if (!isProd(r.props, args.getConfig()) || r.opts?.protect) continue;
      report(`${r.type.split(":")[1]} ${r.name} is not protected: a replacing update or a destroy deletes it and its data without a second step.`, r.urn);
    }
  },
});

export const policies = [statefulProtected];
