/**
 * Cross-check: SecureCache and SecretSet built with their defaults pass every policy of the pack, in
 * resolved and in preview (unknown) form; weakening one input of a built resource fires exactly the
 * matching policy.
 */
import { describe, expect, it } from "@jest/globals";
import { StackValidationPolicy } from "@pulumi/policy";
import { LogClasses, SecretSet, SecureCache } from "../../components";
import { Environment } from "../../components/shared/naming";
import { AnyPolicy } from "../../policy/lib";
import { allPolicies } from "../../policy/policies";
import { Capture, CapturedResource, capture } from "../support/capture";
import { checkResource, checkStack, fixtureOf } from "../support/policy";

const config = { "aws:region": "eu-west-1" };

const build = (env: Environment) => () => {
  const logs = new LogClasses("logs", { environment: env, appName: "shop" });
  new SecureCache("cache", { environment: env, appName: "shop", logs, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"], purposes: ["session", "ratelimit"] });
  new SecretSet("secrets", {
    environment: env,
    appName: "shop",
    logs,
    readerRoleArns: [`arn:aws:iam::123456789012:role/shop-${env}-task`],
    secrets: { jwt: {}, "jwt-refresh": {}, session: {}, "api-key": {}, "encryption-key": {}, "signing-key": {}, smtp: {}, sentry: {} },
    jwtKeyPair: {},
  });
};

const fixture = fixtureOf;

/** Every mandatory finding of the pack on a captured graph, as `policy: message`. */
async function findings(cap: Capture, mutate: (r: CapturedResource) => Record<string, any> = (r) => r.inputs): Promise<string[]> {
  const out: string[] = [];
  const resources = cap.resources.filter((r) => r.custom);
  for (const policy of allPolicies as AnyPolicy[]) {
    if ((policy.enforcementLevel ?? "mandatory") !== "mandatory") continue;
    if ("validateResource" in policy && policy.validateResource) {
      for (const r of resources) {
        const v = await checkResource(policy, fixture(r, mutate(r)));
        out.push(...v.violations.map((m) => `${policy.name}: ${r.name}: ${m}`));
        if (v.undecided) out.push(`${policy.name}: ${r.name}: undecided ${v.undecided}`);
      }
    } else {
      const v = await checkStack(policy as StackValidationPolicy, resources.map((r) => fixture(r, mutate(r))));
      out.push(...v.violations.map((m) => `${policy.name}: ${m}`));
    }
  }
  return out;
}

describe("SecureCache and SecretSet against the whole pack", () => {
  it.each(["prod", "staging"] as const)("%s with defaults: no mandatory finding, resolved or in preview", async (env) => {
    expect(await findings(await capture(build(env), { config }))).toEqual([]);
    const preview = await capture(build(env), { config, preview: true });
    expect((await findings(preview)).filter((f) => !f.includes("undecided"))).toEqual([]);
  });

  it.each([
    ["cache-group", { transitEncryptionMode: "preferred" }, "elasticache-replication-group-transit-encryption"],
    ["cache-group", { atRestEncryptionEnabled: false }, "elasticache-replication-group-encrypted-at-rest"],
    ["cache-group", { userGroupIds: [] }, "elasticache-replication-group-authentication"],
    ["cache-group", { multiAzEnabled: false }, "elasticache-replication-group-prod-resilience"],
    ["cache-default-user", { accessString: "on ~* +@all" }, "elasticache-user-default-disabled"],
    ["cache-app-password", { length: 16 }, "random-password-min-length"],
    ["secrets-jwt", { kmsKeyId: undefined }, "secretsmanager-secret-cmk-encrypted"],
    ["secrets-session-rotation", { rotationRules: { automaticallyAfterDays: 120 } }, "secretsmanager-rotation-period"],
    ["secrets-jwt-initial", { secretString: "change-me-in-production" }, "secretsmanager-secret-version-not-weak"],
    ["secrets-jwt-key", { rsaBits: 1024 }, "tls-private-key-min-strength"],
  ])("weakening %s with %j fires only %s", async (name, change, policy) => {
    const cap = await capture(build("prod"), { config });
    const found = await findings(cap, (r) => (r.name === name ? { ...r.inputs, ...change } : r.inputs));
    expect(found.length).toBeGreaterThan(0);
    expect([...new Set(found.map((f) => f.split(":")[0]))]).toEqual([policy]);
  });

  it("a generated secret losing its rotation fires the stack policy", async () => {
    const cap = await capture(build("prod"), { config });
    const pruned = new Capture(cap.resources.filter((r) => r.name !== "secrets-api-key-rotation"), {}, {});
    const found = await findings(pruned);
    expect(found).toEqual([expect.stringMatching(/^secretsmanager-generated-secrets-rotated: Secret \/shop\/prod\/api-key is a generated credential/)]);
  });

  it("a rotation configured without waiting for the function's invoke permission fires the ordering policy on that rotation only", async () => {
    const cap = await capture(build("prod"), { config });
    const permission = cap.one("aws:lambda/permission:Permission").urn;
    const early = new Capture(cap.resources.map((r) => (r.name === "secrets-jwt-rotation" ? { ...r, dependencies: r.dependencies.filter((d) => d !== permission) } : r)), {}, {});
    expect(await findings(early)).toEqual([expect.stringMatching(/^secretsmanager-rotation-after-invoke-permission: Secret rotation secrets-jwt-rotation does not depend on secrets-rotation, the permission that lets Secrets Manager invoke secrets-rotation/)]);
  });

  it("no backup tag on the cache, and the backup coverage policy asks only for its snapshots", async () => {
    const cap = await capture(build("prod"), { config });
    expect(cap.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.tags.backup).toBeUndefined();
    const found = await findings(cap, (r) => (r.name === "cache-group" ? { ...r.inputs, snapshotRetentionLimit: 0 } : r.inputs));
    expect(found.filter((f) => f.startsWith("backup-data-stores-covered"))).toEqual([expect.stringMatching(/^backup-data-stores-covered: ElastiCache replication group cache-group keeps no snapshots/)]);
  });
});
