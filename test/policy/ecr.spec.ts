import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { repoKmsEncrypted, repoLifecyclePolicy, repoScanOnPush, repoTagImmutable } from "../../policy/ecr";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const repoUrn = `urn:pulumi:test::fixture::${REPO}::repo`;

/** The repository HardenedService writes (the CMK is created in the same preview, so its ARN is unknown). */
const hardened = () => ({
  name: "shop/prod/app",
  imageTagMutability: "IMMUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: UNKNOWN }],
  forceDelete: false,
});

describe("ecr-repository-tag-immutable", () => {
  it("passes IMMUTABLE and fails MUTABLE or unset (the AWS default)", async () => {
    assert.deepEqual((await checkResource(repoTagImmutable, { type: REPO, props: hardened() })).violations, []);
    const v = await checkResource(repoTagImmutable, { type: REPO, props: { ...hardened(), imageTagMutability: "MUTABLE" } });
    assert.deepEqual(v.violations, [
      'Repository tags are MUTABLE: a push can replace the image behind a tag that was reviewed and scanned. Fix: set imageTagMutability: "IMMUTABLE" and tag every image with the git commit or release version.',
    ]);
    const unset = await checkResource(repoTagImmutable, { type: REPO, props: { name: "x" } });
    assert.equal(unset.violations.length, 1);
  });
});

describe("ecr-repository-kms-encrypted", () => {
  it("passes KMS with an (unknown) CMK ARN", async () => {
    const v = await checkResource(repoKmsEncrypted, { type: REPO, props: hardened() });
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
  });

  it("fails AES256 or no encryption config, and KMS without a CMK", async () => {
    const aes = await checkResource(repoKmsEncrypted, { type: REPO, props: { ...hardened(), encryptionConfigurations: [{ encryptionType: "AES256" }] } });
    assert.deepEqual(aes.violations, [
      'Repository images are encrypted with the AES256 default, not a customer-managed key you can audit, restrict and revoke. Fix: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <CMK ARN> }] (HardenedService creates a CMK).',
    ]);
    assert.deepEqual((await checkResource(repoKmsEncrypted, { type: REPO, props: { name: "x" } })).violations, aes.violations);
    const managed = await checkResource(repoKmsEncrypted, { type: REPO, props: { ...hardened(), encryptionConfigurations: [{ encryptionType: "KMS" }] } });
    assert.deepEqual(managed.violations, [
      'Repository uses the AWS-managed ECR key, not a customer-managed key you can audit, restrict and revoke. Fix: set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <CMK ARN> }] (HardenedService creates a CMK).',
    ]);
  });
});

describe("ecr-repository-scan-on-push", () => {
  it("passes scanOnPush and fails without it, reporting on the repository", async () => {
    assert.deepEqual((await checkStack(repoScanOnPush, [{ type: REPO, name: "repo", props: hardened() }])).violations, []);
    const v = await checkStack(repoScanOnPush, [{ type: REPO, name: "repo", props: { ...hardened(), imageScanningConfiguration: { scanOnPush: false } } }]);
    assert.deepEqual(v.violations, [
      'Repository repo does not scan images on push: known-vulnerable images reach the cluster unnoticed. Fix: set imageScanningConfiguration: { scanOnPush: true }, or add an aws.ecr.RegistryScanningConfiguration (scanType ENHANCED) with a rule { scanFrequency: "CONTINUOUS_SCAN" or "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.',
    ]);
    assert.deepEqual(v.urns, [repoUrn]);
  });

  const registry = (rules: object[], scanType = "ENHANCED") => ({ type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", name: "scan", props: { scanType, rules } });

  it("accepts a repository without scanOnPush when a registry rule scans it on push or continuously", async () => {
    for (const rule of [
      { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] },
      { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "shop/*", filterType: "WILDCARD" }] },
    ]) {
      const v = await checkStack(repoScanOnPush, [{ type: REPO, name: "repo", props: { name: "shop/app" } }, registry([rule])]);
      assert.deepEqual(v.violations, [], JSON.stringify(rule));
    }
    const basic = await checkStack(repoScanOnPush, [
      { type: REPO, name: "repo", props: { name: "x" } },
      registry([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }], "BASIC"),
    ]);
    assert.deepEqual(basic.violations, []);
  });

  it('accepts scanOnPush written as the string "true"', async () => {
    assert.deepEqual((await checkStack(repoScanOnPush, [{ type: REPO, name: "repo", props: { name: "x", imageScanningConfiguration: { scanOnPush: "true" } } }])).violations, []);
  });

  it("fails an enhanced registry configuration without a rule, with a manual rule, or with a filter that misses the repository", async () => {
    const expected = [
      'Repository repo does not scan images on push, and no registry scanning rule matches it: known-vulnerable images reach the cluster unnoticed. Fix: set imageScanningConfiguration: { scanOnPush: true }, or add an aws.ecr.RegistryScanningConfiguration (scanType ENHANCED) with a rule { scanFrequency: "CONTINUOUS_SCAN" or "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.',
    ];
    for (const rules of [
      [],
      [{ scanFrequency: "MANUAL", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
      [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "other/*", filterType: "WILDCARD" }] }],
    ]) {
      const v = await checkStack(repoScanOnPush, [{ type: REPO, name: "repo", props: { name: "shop/app" } }, registry(rules)]);
      assert.deepEqual(v.violations, expected, JSON.stringify(rules));
    }
  });
});

describe("ecr-repository-lifecycle-policy", () => {
  const lifecycle = { type: LIFECYCLE, name: "lc", props: { repository: UNKNOWN, policy: "{}" }, propertyDependencies: { repository: [repoUrn] } };

  it("passes a repository with a lifecycle policy matched by property dependency while names are unknown", async () => {
    const repo = { type: REPO, name: "repo", props: withUnknown(hardened(), "name") };
    const v = await checkStack(repoLifecyclePolicy, [repo, lifecycle]);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
  });

  it("matches by repository name once known", async () => {
    const v = await checkStack(repoLifecyclePolicy, [
      { type: REPO, name: "repo", props: hardened() },
      { type: LIFECYCLE, name: "lc", props: { repository: "shop/prod/app", policy: "{}" } },
    ]);
    assert.deepEqual(v.violations, []);
  });

  it("fails a repository with no lifecycle policy", async () => {
    const v = await checkStack(repoLifecyclePolicy, [
      { type: REPO, name: "repo", props: hardened() },
      { type: LIFECYCLE, name: "lc", props: { repository: "other", policy: "{}" } },
    ]);
    assert.deepEqual(v.violations, [
      "Repository repo has no lifecycle policy: old, unpatched images pile up and stay pullable. Fix: add an aws.ecr.LifecyclePolicy for the repository: expire untagged images after 7 days and keep the last N tagged ones (HardenedService does).",
    ]);
    assert.deepEqual(v.urns, [repoUrn]);
  });
});
