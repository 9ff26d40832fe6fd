/**
 * Prod keeps every floor whatever the prod stack file leaves out: each key of Pulumi.prod.yaml is removed in turn
 * (the value falls back to Pulumi.yaml's default or, for an environment-dependent key, to the component's prod
 * default) and the captured graph must keep the prod protections, retentions, replicas, WAF mode and task floor,
 * or the program must stop with a clear error naming the key. None may silently weaken.
 */
import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ENV_DEPENDENT_KEYS } from "../../infra/config";
import { retentionDaysDefault as backupRetentionProd } from "../../components/backup/defaults";
import { replicasDefault, snapshotRetentionDefault } from "../../components/cache/defaults";
import { backupRetentionDefault as dbRetentionProd } from "../../components/database/defaults";
import { PROD_MIN_RETENTION_DAYS } from "../../components/logs/defaults";
import { recoveryWindowDefault } from "../../components/secrets/defaults";
import { minCapacityDefault } from "../../components/service/defaults";
import { loadProjectStack } from "hardened-aws/testing";
import { Capture, capture, captureError } from "../support/capture";
import { REPO_ROOT, requireIsolated } from "../support/program";

const PROJECT = "hardened-aws";
const prodFile = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8")).config as Record<string, unknown>;
const declared = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")).config as Record<string, { default?: unknown }>;

/** The merged config the program gets when Pulumi.prod.yaml does not set `key`. */
function prodWithout(key: string): Record<string, string> {
  const config = { ...loadProjectStack(REPO_ROOT, "prod").config };
  delete config[key];
  const short = key.replace(`${PROJECT}:`, "");
  const d = declared[short]?.default;
  if (d !== undefined) config[key] = typeof d === "string" ? d : JSON.stringify(d);
  return config;
}

/** Every prod floor the graph must keep, as [floor, holds]; the failing ones name what weakened. */
function brokenFloors(cap: Capture): string[] {
  const checks: [string, boolean][] = [];
  const db = cap.one("aws:rds/instance:Instance");
  checks.push(["database Multi-AZ", db.inputs.multiAz === true]);
  checks.push(["database deletion protection", db.inputs.deletionProtection === true]);
  checks.push([`database PITR ${dbRetentionProd("prod")} days`, db.inputs.backupRetentionPeriod >= dbRetentionProd("prod")]);
  checks.push(["database protect", db.options.protect === true]);
  const rg = cap.one("aws:elasticache/replicationGroup:ReplicationGroup");
  checks.push([
    `cache ${replicasDefault("prod")} replica with failover`,
    rg.inputs.numCacheClusters >= 1 + replicasDefault("prod") && rg.inputs.automaticFailoverEnabled === true && rg.inputs.multiAzEnabled === true,
  ]);
  checks.push([`cache snapshots ${snapshotRetentionDefault("prod")} days`, rg.inputs.snapshotRetentionLimit >= snapshotRetentionDefault("prod")]);
  checks.push(["cache protect", rg.options.protect === true]);
  const acl = cap.one("aws:wafv2/webAcl:WebAcl");
  checks.push(["WAF blocks (no rule action or group override in count mode)", acl.inputs.rules.every((r: any) => !r.action?.count && !r.overrideAction?.count)]);
  checks.push(["load balancer deletion protection", cap.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection === true]);
  const publicSubnets = cap.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("net-public-")).length;
  checks.push(["one NAT gateway per AZ", cap.ofType("aws:ec2/natGateway:NatGateway").length === publicSubnets && publicSubnets >= 2]);
  const plan = cap.one("aws:backup/plan:Plan");
  checks.push([`backups kept ${backupRetentionProd("prod")} days`, plan.inputs.rules.every((r: any) => r.lifecycle.deleteAfter >= backupRetentionProd("prod"))]);
  checks.push(["backups copied to a second region", plan.inputs.rules.some((r: any) => (r.copyActions ?? []).length > 0)]);
  const target = cap.one("aws:appautoscaling/target:Target");
  checks.push([`at least ${minCapacityDefault("prod")} tasks`, target.inputs.minCapacity >= minCapacityDefault("prod")]);
  for (const g of cap.ofType("aws:cloudwatch/logGroup:LogGroup")) {
    const cls = g.inputs.tags?.["log-class"] as keyof typeof PROD_MIN_RETENTION_DAYS | undefined;
    if (cls) checks.push([`${g.inputs.name} kept ${PROD_MIN_RETENTION_DAYS[cls]} days`, g.inputs.retentionInDays >= PROD_MIN_RETENTION_DAYS[cls]]);
  }
  checks.push([
    `secrets restorable ${recoveryWindowDefault("prod")} days`,
    cap.ofType("aws:secretsmanager/secret:Secret").every((s) => s.inputs.recoveryWindowInDays >= recoveryWindowDefault("prod")),
  ]);
  checks.push(["alerts reach a subscriber", cap.ofType("aws:sns/topicSubscription:TopicSubscription").length >= 1]);
  return checks.filter(([, ok]) => !ok).map(([floor]) => floor);
}

/** Keys whose removal must stop the program, with the stable code that says why. */
const REFUSED: Record<string, string> = {
  [`${PROJECT}:environment`]: "CFG_MISSING",
  [`${PROJECT}:drRegion`]: "BACKUP_PROD_DR_REQUIRED",
  [`${PROJECT}:alertEmails`]: "MON_PROD_NO_SUBSCRIBERS",
  [`${PROJECT}:hostedZoneId`]: "LB_CERT_VALIDATION",
};

describe("prod floors", () => {
  it("keeps every floor with the stack file as it is, the environment-dependent keys left to the components", async () => {
    for (const key of Object.keys(ENV_DEPENDENT_KEYS)) expect(prodFile).not.toHaveProperty(`${PROJECT}:${key}`);
    const ps = loadProjectStack(REPO_ROOT, "prod");
    const cap = await capture(() => requireIsolated(ps.main), { project: ps.project, stack: "prod", config: ps.config });
    expect(brokenFloors(cap)).toEqual([]);
    // The components' prod defaults, not a repeated value: 35-day PITR, a replica, 2 to 6 tasks, block mode.
    expect(cap.one("aws:rds/instance:Instance").inputs).toMatchObject({ multiAz: true, backupRetentionPeriod: 35, deletionProtection: true });
    expect(cap.one("aws:appautoscaling/target:Target").inputs).toMatchObject({ minCapacity: 2, maxCapacity: 6 });
  });

  const keys = Object.keys(prodFile).filter((k) => k !== "aws:region");
  it.each(keys)("without %s in Pulumi.prod.yaml, prod keeps every floor or stops with a clear error", async (key) => {
    const ps = loadProjectStack(REPO_ROOT, "prod");
    const options = { project: ps.project, stack: "prod", config: prodWithout(key) };
    if (REFUSED[key]) {
      const { error } = await captureError(() => requireIsolated(ps.main), options);
      expect((error as { codes?: string[]; problems?: { code: string }[] }).problems?.map((p) => p.code)).toContain(REFUSED[key]);
      expect(String((error as Error).message)).toMatch(/Fix: /);
      return;
    }
    const cap = await capture(() => requireIsolated(ps.main), options);
    expect([key, brokenFloors(cap)]).toEqual([key, []]);
  });
});
