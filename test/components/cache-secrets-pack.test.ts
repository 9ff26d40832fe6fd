/**
 * Cross-check: SecureCache and SecretSet built with their defaults pass every policy of the pack (run as its
 * own process, as the CLI runs it), in resolved and in preview (unknown) form; weakening one input of a built
 * resource fires exactly the matching policy.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { LogClasses, SecretSet, SecureCache } from "../../components";
import { Environment } from "../../components/shared/naming";
import { PackSession } from "hardened-aws/testing";
import { Capture, capture } from "../support/capture";
import { packDir, runPack } from "../support/pack";

const config = { "aws:region": "eu-west-1" };

const build = (env: Environment) => () => {
  const logs = new LogClasses("logs", { environment: env, appName: "shop" });
  new SecureCache("cache", {
    environment: env,
    appName: "shop",
    logs,
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    rotationSubnetIds: ["subnet-0aa1", "subnet-0bb2"],
    allowedSecurityGroupIds: ["sg-app"],
    purposes: ["session", "ratelimit"],
  });
  new SecretSet("secrets", {
    environment: env,
    appName: "shop",
    logs,
    readerRoleArns: [`arn:aws:iam::123456789012:role/shop-${env}-task`],
    secrets: { jwt: {}, "jwt-refresh": {}, session: {}, "api-key": {}, "encryption-key": {}, "signing-key": {}, smtp: {}, sentry: {} },
    jwtKeyPair: {},
  });
};

let session: PackSession;
beforeAll(async () => {
  session = await PackSession.start(packDir());
}, 120_000);
afterAll(() => session?.close());

/** Every mandatory finding of the pack (its own enforcement levels) on a captured graph, as `policy: resource: message` (stack policies: `policy: message`). */
async function findings(cap: Capture): Promise<string[]> {
  const r = await runPack(cap, {}, { session });
  const stackPolicies = new Set(r.pack.policies.filter((p) => p.type === "stack").map((p) => p.name));
  const resource = (urn: string) => urn.split("::").pop();
  return [
    ...r.violations
      .filter((v) => v.enforcementLevel === "mandatory")
      .map((v) => (stackPolicies.has(v.policyName) ? `${v.policyName}: ${v.message}` : `${v.policyName}: ${resource(v.urn)}: ${v.message}`)),
    ...r.undecided.filter((u) => u.enforcementLevel === "mandatory").map((u) => `${u.policyName}: ${resource(u.urn)}: undecided ${u.reason}`),
  ];
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
    const found = await findings(cap.withInputs(name, change));
    expect(found.length).toBeGreaterThan(0);
    expect([...new Set(found.map((f) => f.split(":")[0]))]).toEqual([policy]);
  });

  it("a generated secret losing its rotation fires the stack policy", async () => {
    const cap = await capture(build("prod"), { config });
    const found = await findings(cap.without("secrets-api-key-rotation"));
    expect(found).toEqual([expect.stringMatching(/^secretsmanager-generated-secrets-rotated: Secret \/shop\/prod\/api-key is a generated credential/)]);
  });

  it("a rotation configured without waiting for the function's invoke permission fires the ordering policy on that rotation only", async () => {
    const cap = await capture(build("prod"), { config });
    const permission = cap.one("aws:lambda/permission:Permission", "secrets-rotation-jwt").urn;
    const early = new Capture(
      cap.resources.map((r) => (r.name === "secrets-jwt-rotation" ? { ...r, dependencies: r.dependencies.filter((d) => d !== permission) } : r)),
      cap.outputs,
      cap.wireOutputs,
      cap.run,
    );
    expect(await findings(early)).toEqual([
      expect.stringMatching(
        /^secretsmanager-rotation-after-invoke-permission: Secret rotation secrets-jwt-rotation does not depend on secrets-rotation-jwt, .*the permission that lets Secrets Manager invoke secrets-rotation:/,
      ),
    ]);
  });

  it("no backup tag on the cache, and the backup coverage policy asks only for its snapshots", async () => {
    const cap = await capture(build("prod"), { config });
    expect(cap.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.tags.backup).toBeUndefined();
    const found = await findings(cap.withInputs("cache-group", { snapshotRetentionLimit: 0 }));
    expect(found.filter((f) => f.startsWith("backup-data-stores-covered"))).toEqual([
      expect.stringMatching(/^backup-data-stores-covered: ElastiCache replication group cache-group keeps no snapshots/),
    ]);
  });
});
