/**
 * The pack on resources written by hand with raw aws.* classes (test/fixtures/hand-written): each mistake in the
 * fixture is blocked by the policy that owns it, through the same offline preview and analyzer protocol as the program.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPreview } from "hardened-aws/testing";
import { packDir } from "../support/pack";
import { REPO_ROOT, requireIsolated } from "../support/program";

type Result = Awaited<ReturnType<typeof runPreview>>;

/** The fixture previewed with one stack's pack config (policy/config/<stack>.json) or another config file. */
function previewWith(stack: "prod" | "staging" | "remediate") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hand-written-"));
  return runPreview({
    projectDir: path.join(REPO_ROOT, "test", "fixtures", "hand-written"),
    packDir: packDir(),
    packConfig: stack === "remediate" ? path.join(REPO_ROOT, "test", "fixtures", "hand-written", "remediate.json") : path.join(REPO_ROOT, "policy", "config", `${stack}.json`),
    stack: "test",
    asPreview: false,
    failOnUndecided: false,
    json: path.join(dir, "out.json"),
    loadProgram: requireIsolated,
  });
}
const verdicts = (r: Result, level: string) => new Set(r.violations.filter((v) => v.enforcementLevel === level).map((v) => `${v.policyName} ${v.urn.split("::").pop()}`));

describe("hand-written insecure resources", () => {
  let result: Result;
  let blocked: Set<string>;
  beforeAll(async () => {
    result = await previewWith("prod");
    blocked = verdicts(result, "mandatory");
  }, 120_000);

  it.each([
    ["rds-instance-not-publicly-accessible", "public-db"],
    ["rds-instance-storage-encrypted", "public-db"],
    ["rds-master-password-managed", "public-db"],
    ["rds-custom-admin-username", "public-db"],
    ["backup-data-stores-covered", "public-db"],
    ["elasticache-replication-group-transit-encryption", "open-cache"],
    ["elasticache-replication-group-encrypted-at-rest", "open-cache"],
    ["elasticache-replication-group-authentication", "open-cache"],
    ["secretsmanager-secret-cmk-encrypted", "plain-secret"],
    ["ecs-task-definition-non-root-user", "open-task"],
    ["ecs-task-definition-read-only-root", "open-task"],
    ["ecs-task-definition-not-privileged", "open-task"],
    ["ecs-task-definition-no-secrets-in-environment", "open-task"],
    ["ecs-task-definition-image-pinned", "open-task"],
    ["elb-listener-http-redirects-to-https", "http-only"],
    ["elb-alb-drop-invalid-headers", "http-alb"],
    ["elb-alb-waf-associated", "http-alb"],
    ["waf-web-acl-rate-rule", "no-rate"],
    ["backup-vault-kms-encrypted", "unlocked-vault"],
    ["backup-vault-locked", "unlocked-vault"],
    ["logs-group-kms-encrypted", "app-logs"],
    ["rds-non-default-port", "public-db"],
    ["elb-classic-load-balancer-not-used", "classic-lb"],
    ["waf-classic-not-used", "classic-acl"],
    ["ec2-network-acl-no-admin-ports-from-world", "open-acl"],
    ["ssm-parameter-no-plaintext-secret", "plain-param"],
    ["rds-proxy-require-tls", "plain-proxy"],
    ["kms-key-policy-not-public", "open-key"],
    ["kms-key-rotation-enabled", "open-key"],
    ["pulumi-stateful-resources-protected", "open-key"],
    ["ec2-vpc-interface-endpoints", "vpc"],
    ["ec2-source-dest-check-enabled", "nat-eni"],
    ["rds-cluster-storage-encrypted", "mysql-cluster"],
    ["rds-aurora-mysql-backtracking", "mysql-cluster"],
    ["rds-aurora-mysql-audit-logging", "mysql-params"],
    ["rds-event-subscription-critical-events", "db-events"],
    ["elasticache-cluster-no-standalone-redis", "lone-redis"],
    ["ec2-security-group-no-world-ingress", "mysql-world"],
    ["ec2-security-group-no-world-ingress", "mongo-world"],
    ["ec2-security-group-no-world-ingress", "memcached-world"],
    ["elb-listener-tls-policy", "weak-tls"],
    ["elb-nlb-access-logs", "stream-nlb"],
    ["elb-nlb-cross-zone", "stream-nlb"],
    ["elb-nlb-deletion-protection", "stream-nlb"],
    ["s3-bucket-no-public-acl", "inline-bucket"],
    ["s3-bucket-website-disabled", "inline-bucket"],
    ["s3-bucket-cors-no-wildcard-origin", "inline-bucket"],
    ["s3-bucket-policy-not-public", "inline-bucket"],
    ["s3-bucket-private-tls-only", "inline-bucket"],
    ["s3-bucket-versioning-enabled", "inline-bucket"],
    ["s3-bucket-access-logging", "inline-bucket"],
    ["s3-bucket-cmk-encrypted", "inline-bucket"],
    ["s3-bucket-policy-not-public", "public-bucket-policy"],
    ["s3-bucket-no-public-acl", "public-bucket-acl"],
    ["s3-bucket-website-disabled", "bucket-site"],
    ["s3-bucket-cors-no-wildcard-origin", "open-cors"],
    ["s3-bucket-private-tls-only", "legacy-bucket"],
    ["s3-bucket-versioning-enabled", "legacy-bucket"],
    ["s3-bucket-access-logging", "legacy-bucket"],
    ["s3-bucket-cmk-encrypted", "legacy-bucket"],
    ["secretsmanager-rotation-after-invoke-permission", "early-rotation"],
    ["sns-event-sources-can-publish", "unheard-alarm"],
    ["elasticache-cluster-transit-encryption", "lone-memcached"],
    ["elasticache-cluster-prod-resilience", "lone-memcached"],
    ["ecs-task-definition-not-privileged", "host-task"],
    ["ecs-task-definition-no-host-network", "host-task"],
    ["ecs-task-definition-no-host-pid", "host-task"],
    ["ecs-task-definition-no-host-ipc", "host-task"],
    ["ecs-task-definition-efs-transit-encryption", "host-task"],
    ["ecs-task-definition-separate-roles", "host-task"],
    ["ecs-cluster-exec-logging-encrypted", "exec-cluster"],
    ["ecs-service-no-iam-role", "role-service"],
    ["kms-key-enabled", "disabled-key"],
    ["kms-key-deletion-window", "disabled-key"],
    ["kms-key-policy-not-public", "disabled-key"],
    ["rds-engine-log-export", "mysql-db"],
    ["rds-instance-backups-enabled", "mysql-db"],
    ["rds-performance-insights-cmk", "mysql-db"],
    ["rds-engine-version-not-vulnerable", "log-fdw-db"],
    ["secretsmanager-secret-cmk-encrypted", "aws-key-secret"],
    ["sns-topic-kms-encrypted", "aws-key-topic"],
    ["ecr-repository-scan-on-push", "unscanned-repo"],
    ["ecs-service-after-listener", "early-service"],
    ["elb-listener-certificate-validated", "unvalidated-tls"],
    ["cloudwatch-metric-filter-log-group-written", "silent-filter"],
    ["rds-snapshot-not-public", "shared-snapshot"],
    ["rds-snapshot-copies-cmk-encrypted", "plain-copy"],
    ["rds-global-cluster-encrypted", "plain-global"],
    ["ecr-repository-policy-not-public", "public-repo-policy"],
    ["s3-bucket-acls-disabled", "acl-bucket"],
    ["s3-bucket-acls-disabled", "inline-bucket"],
    ["rds-cluster-cmk-encrypted", "aws-key-cluster"],
    ["ec2-network-acl-no-admin-ports-from-world", "ftp-world"],
  ])("%s blocks %s", (policy, resource) => {
    expect(blocked).toContain(`${policy} ${resource}`);
  });

  it.each([["ecs-service-running-tasks", "role-service"]])("%s (advisory by default) reports %s, mandatory under the prod config", (policy, resource) => {
    expect(blocked).toContain(`${policy} ${resource}`);
  });

  it("passes the parts of the new forms written securely", () => {
    expect(blocked).not.toContain("rds-instance-backups-enabled log-fdw-db");
    expect(blocked).not.toContain("rds-engine-version-not-vulnerable mysql-db");
    expect(blocked).not.toContain("rds-postgres-log-export mysql-db");
  });

  it("reports hygiene policies kept advisory in every stack as advisory on the hand-written egress rule", () => {
    const advisory = verdicts(result, "advisory");
    expect(advisory).toContain("ec2-security-group-no-world-egress-all-ports open-egress");
    expect(advisory).toContain("ec2-security-group-rule-description open-egress");
    expect(blocked).not.toContain("ec2-security-group-rule-description open-egress");
  });

  it("fails the preview and never leaks the literal password into a message", () => {
    expect(result.exitCode).toBe(1);
    expect(JSON.stringify(result.violations)).not.toContain("Sup3rSecretPassw0rd");
  });

  describe("with the staging pack config", () => {
    let staging: Result;
    beforeAll(async () => {
      staging = await previewWith("staging");
    }, 120_000);

    it("reports a resilience policy as advisory in staging where prod blocks it", () => {
      expect(blocked).toContain("rds-copy-tags-to-snapshot public-db");
      expect(verdicts(staging, "mandatory")).not.toContain("rds-copy-tags-to-snapshot public-db");
      expect(verdicts(staging, "advisory")).toContain("rds-copy-tags-to-snapshot public-db");
    });

    it("holds an untagged resource to prod-only rules in prod, and exempts it where the stack's pack config says staging", () => {
      expect(blocked).toContain("rds-deletion-protection public-db");
      expect([...verdicts(staging, "mandatory"), ...verdicts(staging, "advisory")]).not.toContain("rds-deletion-protection public-db");
    });

    it("blocks a security policy in both stacks", () => {
      expect(verdicts(staging, "mandatory")).toContain("rds-instance-not-publicly-accessible public-db");
      expect(blocked).toContain("rds-instance-not-publicly-accessible public-db");
      expect(staging.exitCode).toBe(1);
    });
  });

  describe("with remediation on (test/fixtures/hand-written/remediate.json)", () => {
    let fixed: Result;
    beforeAll(async () => {
      fixed = await previewWith("remediate");
    }, 120_000);

    it("fixes what has a safe fix before analysis, reporting each fix, and still blocks the rest", () => {
      const applied = fixed.remediations.map((f) => `${f.policyName} ${f.urn.split("::").pop()}`).sort();
      expect(applied).toEqual([
        "elb-alb-deletion-protection http-alb",
        "elb-alb-drop-invalid-headers http-alb",
        "kms-key-rotation-enabled open-key",
        "rds-copy-tags-to-snapshot mysql-cluster",
        "rds-copy-tags-to-snapshot public-db",
        "rds-deletion-protection mysql-cluster",
        "rds-deletion-protection public-db",
        "rds-iam-authentication-enabled mysql-cluster",
        "rds-iam-authentication-enabled public-db",
      ]);
      const stillBlocked = verdicts(fixed, "mandatory");
      for (const f of applied) expect(stillBlocked).not.toContain(f);
      expect(blocked).toContain("elb-alb-drop-invalid-headers http-alb");
      expect(stillBlocked).toContain("rds-instance-not-publicly-accessible public-db");
      expect(fixed.exitCode).toBe(1);
    });
  });
});
