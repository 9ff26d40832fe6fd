/** Remediations: each fixes exactly the setting its policy checks, only on a resource the policy fails. */
import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "../../policy/policies";
import { checkResource, remediate, UNKNOWN } from "../support/policy";

const policy = (name: string) => allPolicies.find((p) => p.name === name) as ResourceValidationPolicy;
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const RDS = "aws:rds/instance:Instance";

/** [policy, type, failing props, the fix expected on top of them] */
const CASES: [string, string, Record<string, any>, Record<string, any>][] = [
  ["elb-alb-drop-invalid-headers", ALB, { loadBalancerType: "application", dropInvalidHeaderFields: false, subnets: [UNKNOWN, UNKNOWN] }, { dropInvalidHeaderFields: true }],
  ["elb-alb-desync-mitigation", ALB, { loadBalancerType: "application", desyncMitigationMode: "monitor" }, { desyncMitigationMode: "strictest" }],
  ["elb-alb-deletion-protection", "aws:alb/loadBalancer:LoadBalancer", { loadBalancerType: "application", tags: { environment: "prod" } }, { enableDeletionProtection: true }],
  ["rds-deletion-protection", RDS, { engine: "postgres", deletionProtection: false, tags: { environment: "prod" } }, { deletionProtection: true }],
  ["rds-copy-tags-to-snapshot", RDS, { engine: "postgres", copyTagsToSnapshot: false }, { copyTagsToSnapshot: true }],
  ["rds-iam-authentication-enabled", RDS, { engine: "postgres" }, { iamDatabaseAuthenticationEnabled: true }],
  ["rds-auto-minor-version-upgrade", RDS, { engine: "postgres", autoMinorVersionUpgrade: false }, { autoMinorVersionUpgrade: true }],
  ["ecs-service-exec-disabled", "aws:ecs/service:Service", { enableExecuteCommand: true, cluster: UNKNOWN }, { enableExecuteCommand: false }],
  [
    "s3-public-access-block-all-on",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    { bucket: UNKNOWN, blockPublicAcls: true },
    { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
  ],
  ["kms-key-rotation-enabled", "aws:kms/key:Key", { description: "k" }, { enableKeyRotation: true }],
  ["elasticache-replication-group-minor-upgrades", "aws:elasticache/replicationGroup:ReplicationGroup", { autoMinorVersionUpgrade: false }, { autoMinorVersionUpgrade: true }],
];

describe("remediations", () => {
  it("are exactly the policies with a safe fix", () => {
    const remediable = allPolicies
      .filter((p) => "remediateResource" in p && p.remediateResource)
      .map((p) => p.name)
      .sort();
    assert.deepEqual(remediable, CASES.map((c) => c[0]).sort());
  });

  for (const [name, type, props, fix] of CASES) {
    it(`${name} sets ${Object.keys(fix).join(", ")} on a failing ${type.split(":")[1]}, after which the policy passes`, async () => {
      assert.equal((await checkResource(policy(name), { type, props })).violations.length, 1);
      const fixed = await remediate(policy(name), { type, props });
      assert.deepEqual(fixed, { ...props, ...fix });
      assert.deepEqual((await checkResource(policy(name), { type, props: fixed })).violations, []);
    });
  }

  it("leaves passing, not-applicable and undecided resources alone", async () => {
    assert.equal(await remediate(policy("rds-copy-tags-to-snapshot"), { type: RDS, props: { copyTagsToSnapshot: true } }), undefined);
    assert.equal(await remediate(policy("rds-deletion-protection"), { type: RDS, props: { engine: "postgres", tags: { environment: "staging" } } }), undefined);
    assert.equal(await remediate(policy("elb-alb-drop-invalid-headers"), { type: ALB, props: { loadBalancerType: "application", dropInvalidHeaderFields: UNKNOWN } }), undefined);
    assert.equal(await remediate(policy("kms-key-rotation-enabled"), { type: "aws:kms/key:Key", props: { customerMasterKeySpec: "RSA_2048" } }), undefined);
  });
});
