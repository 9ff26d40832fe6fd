/**
 * Cross-check: SecureBucket with its defaults passes every policy the prod pack config makes mandatory (and the
 * staging one); each named weakening fires exactly its policy.
 */
import { describe, expect, it } from "@jest/globals";
import { SecureBucket, SecureBucketArgs } from "../../components";
import { Environment } from "../../components/shared/naming";
import { allPolicies } from "../../policy/policies";
import { Capture, capture, UNKNOWN } from "../support/capture";
import { checkResource, checkStack, FixtureResource, fixtureOf } from "../support/policy";

const ROLE = "arn:aws:iam::123456789012:role/shop-prod-app";

async function build(env: Environment, over: Partial<SecureBucketArgs> = {}, preview = false): Promise<Capture> {
  return capture(
    () => new SecureBucket("files", { environment: env, appName: "shop", purpose: "uploads", readers: { app: ROLE }, writers: { app: ROLE }, corsOrigins: ["https://app.example.com"], ...over }),
    { config: { "aws:region": "eu-west-1" }, preview },
  );
}

/** Enforcement per policy from the stack's pack config file, as the CLI resolves it (`all`, then named entries). */
function levels(env: Environment): (name: string) => string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(`../../policy/config/${env}.json`) as Record<string, string>;
  return (name) => config[name] ?? config.all;
}

/** Violations of every policy the stack's config makes mandatory, as `policy: message`. */
async function runPack(cap: Capture, env: Environment): Promise<string[]> {
  const level = levels(env);
  const fixtures: FixtureResource[] = cap.resources.filter((r) => r.custom).map((r) => fixtureOf(r));
  const found: string[] = [];
  for (const policy of allPolicies) {
    if (level(policy.name) !== "mandatory") continue;
    if ("validateResource" in policy) {
      for (const f of fixtures) {
        const v = await checkResource(policy, f);
        expect(v.undecided).toBeUndefined();
        found.push(...v.violations.map((m) => `${policy.name}: ${m}`));
      }
    } else {
      const v = await checkStack(policy as any, fixtures);
      expect(v.undecided).toBeUndefined();
      found.push(...v.violations.map((m) => `${policy.name}: ${m}`));
    }
  }
  return found;
}

describe("SecureBucket against the pack", () => {
  it.each(["prod", "staging"] as const)("passes every mandatory policy with its defaults in %s", async (env) => {
    expect(await runPack(await build(env), env)).toEqual([]);
  });

  it("decides every policy in a preview of a new stack (the CMK's ARN unknown) and passes", async () => {
    const cap = await build("prod", {}, true);
    expect(cap.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "files-sse").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(
      UNKNOWN,
    );
    expect(await runPack(cap, "prod")).toEqual([]);
  });

  it("passes with Object Lock and a shared log bucket too", async () => {
    expect(await runPack(await build("prod", { purpose: "evidence", objectLock: { mode: "COMPLIANCE", days: 2557 }, accessLogs: { bucketName: "shop-prod-s3-logs" } }), "prod")).toEqual([]);
  });

  it("reports MFA delete, which no deployment can turn on, as advisory in prod", async () => {
    const cap = await build("prod");
    const mfa = allPolicies.find((p) => p.name === "s3-bucket-versioning-mfa-delete")!;
    expect(levels("prod")(mfa.name)).toBe("advisory");
    const v = await checkResource(mfa, fixtureOf(cap.one("aws:s3/bucketVersioning:BucketVersioning", "files-versioning")));
    expect(v.violations).toHaveLength(1);
  });

  it.each([
    [{ versioning: false }, "s3-bucket-versioning-enabled"],
    [{ accessLogging: false }, "s3-bucket-access-logging"],
    [{ encryption: "s3-managed" }, "s3-bucket-cmk-encrypted"],
  ] as const)("fires exactly its policy for the weakening %j", async (over, policy) => {
    const found = await runPack(await build("prod", over), "prod");
    expect(found.map((m) => m.split(":")[0])).toEqual([policy]);
    expect(found[0]).toContain("Bucket files-bucket ");
  });
});
