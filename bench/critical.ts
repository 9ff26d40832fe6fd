/**
 * The critical path of a first `pulumi up`, from a captured graph and the typical create times of tools/plan.ts,
 * against the inherent chain: the same graph keeping only the waits that are needed, i.e. every input taken from
 * another resource (property dependencies), a custom parent, and the explicit orders AWS needs that the pack's
 * ordering policies encode (policy/ordering.ts). Every other explicit `dependsOn` that delays a resource is listed.
 */
import { CREATE_TIMES, planDeployment, PlanResource, PlanStep } from "../tools/plan";

/** Explicit waits AWS needs (policy/ordering.ts): dependent type → types it must wait for. */
const NEEDED: readonly [RegExp, RegExp, string][] = [
  [/^aws:ecs\/service:Service$/, /^aws:(lb|alb)\/(listener|listenerRule):/, "ecs-service-after-listener"],
  [/^aws:(lb|alb)\/(listener|listenerCertificate):/, /^aws:acm\/certificateValidation:/, "elb-listener-certificate-validated"],
  [/^aws:secretsmanager\/secretRotation:/, /^aws:lambda\/permission:/, "secretsmanager-rotation-after-invoke-permission"],
  // Configuring rotation rotates at once (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_turn-on-for-other.html):
  // the function reads the secret's current value and sets the new one on the system it rotates, so both must exist.
  [
    /^aws:secretsmanager\/secretRotation:/,
    /^aws:(secretsmanager\/secretVersion|elasticache\/(replicationGroup|user|userGroup)|rds\/(instance|cluster)):/,
    "rotation after the secret's first value and the system it rotates",
  ],
  [/^aws:(cloudwatch\/metricAlarm|backup\/vaultNotifications|cloudwatch\/eventTarget):/, /^aws:(sns\/topicPolicy|kms\/key|kms\/keyPolicy):/, "sns-event-sources-can-publish"],
  [/^aws:cloudwatch\/logMetricFilter:/, /./, "cloudwatch-metric-filter-log-group-written"],
  // Not policies, and still orders AWS needs: S3 refuses concurrent configuration changes of one bucket
  // (OperationAborted, https://github.com/sevenwestmedia-labs/pulumi-components/pull/46), and ELB checks that it can
  // write to the access-log bucket when logging is turned on (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
  [/^aws:s3\/bucket\w+:/, /^aws:s3\/bucket\w+:/, "S3 configuration of one bucket, one change at a time"],
  [/^aws:(lb|alb)\/loadBalancer:/, /^aws:s3\/bucket(Policy|PublicAccessBlock|OwnershipControls)\w*:/, "ELB access logs after the bucket policy"],
];

export interface Delay {
  readonly resource: string;
  readonly type: string;
  readonly waitsFor: string;
  readonly waitsForType: string;
  /** Minutes the resource starts later than it would without this wait. */
  readonly minutes: number;
}

export interface CriticalPath {
  readonly totalMinutes: number;
  readonly inherentMinutes: number;
  readonly longestPath: readonly PlanStep[];
  readonly inherentPath: readonly PlanStep[];
  /** Explicit dependsOn waits that no input, parent or AWS ordering needs, with the delay each causes. */
  readonly unneeded: readonly Delay[];
  readonly slowTypes: readonly string[];
}

function needed(type: string, depType: string): boolean {
  return NEEDED.some(([a, b]) => a.test(type) && b.test(depType));
}

export function criticalPath(resources: readonly PlanResource[]): CriticalPath {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, PlanResource[]>();
  for (const r of resources) (children.get(r.parent) ?? children.set(r.parent, []).get(r.parent)!).push(r);
  const expand = (urn: string): string[] => {
    const r = byUrn.get(urn);
    if (!r) return [];
    return r.custom ? [urn] : (children.get(urn) ?? []).flatMap((c) => expand(c.urn));
  };
  // Explicit waits (dependsOn, expanded through components as the engine expands them) that no input accounts for.
  const explicit = new Map<string, string[]>();
  const inherentGraph = resources.map((r) => {
    const viaInputs = new Set(Object.values(r.propertyDependencies).flat().flatMap(expand));
    const waits = [...new Set(r.dependencies.flatMap(expand))].filter((u) => u !== r.urn);
    explicit.set(
      r.urn,
      waits.filter((u) => !viaInputs.has(u)),
    );
    return { ...r, dependencies: waits.filter((u) => viaInputs.has(u) || needed(r.type, byUrn.get(u)!.type)) };
  });
  const actual = planDeployment({ resources });
  const inherent = planDeployment({ resources: inherentGraph });
  const unneeded: Delay[] = [];
  for (const r of resources.filter((x) => x.custom)) {
    const start = inherent.steps.get(r.urn)!.start;
    for (const u of explicit.get(r.urn)!) {
      const dep = byUrn.get(u)!;
      if (needed(r.type, dep.type)) continue;
      const finish = actual.steps.get(u)?.finish ?? 0;
      if (finish > start) unneeded.push({ resource: r.name, type: r.type, waitsFor: dep.name, waitsForType: dep.type, minutes: Math.round((finish - start) * 100) / 100 });
    }
  }
  unneeded.sort((a, b) => b.minutes - a.minutes || a.resource.localeCompare(b.resource));
  const slowTypes = [...new Set(resources.map((r) => r.type).filter((t) => CREATE_TIMES[t]))].sort();
  return { totalMinutes: actual.totalMinutes, inherentMinutes: inherent.totalMinutes, longestPath: actual.longestPath, inherentPath: inherent.longestPath, unneeded, slowTypes };
}
