/**
 * The pack on resources written by hand with raw aws.* classes (test/fixtures/hand-written): each mistake in the
 * fixture is blocked by the policy that owns it, through the same offline preview and analyzer protocol as the program.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPreview } from "../../tools/preview";
import { REPO_ROOT } from "../support/program";

type Result = Awaited<ReturnType<typeof runPreview>>;

describe("hand-written insecure resources", () => {
  let result: Result;
  let blocked: Set<string>;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hand-written-"));
    result = await runPreview({
      projectDir: path.join(REPO_ROOT, "test", "fixtures", "hand-written"),
      packDir: path.join(REPO_ROOT, "policy"),
      stack: "test",
      asPreview: false,
      failOnUndecided: false,
      quiet: true,
      json: path.join(dir, "out.json"),
    });
    blocked = new Set(result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn.split("::").pop()}`));
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
  ])("%s blocks %s", (policy, resource) => {
    expect(blocked).toContain(`${policy} ${resource}`);
  });

  it("fails the preview and never leaks the literal password into a message", () => {
    expect(result.exitCode).toBe(1);
    expect(JSON.stringify(result.violations)).not.toContain("Sup3rSecretPassw0rd");
  });
});
