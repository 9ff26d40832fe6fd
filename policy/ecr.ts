/** Image registry controls: ECR repositories are immutable, scanned, CMK-encrypted and pruned (CTR-6, CTR-7). */
import { PolicyResource } from "@pulumi/policy";
import { asArray, isTrue, isUnknown, knownJson, lower, peek, present, raw, resourcePolicy, stackPolicy, wildcardPrincipalStatements } from "./lib";

const REPOSITORY = "aws:ecr/repository:Repository";

export const repoTagImmutable = resourcePolicy({
  name: "ecr-repository-tag-immutable",
  description: "ECR repositories have immutable tags.",
  types: [REPOSITORY],
  severity: "high",
  category: "security",
  controls: ["CTR-7"],
  fsbp: ["ECR.2"],
  checkov: ["CKV_AWS_51"],
  remediation: 'set imageTagMutability: "IMMUTABLE" and tag every image with the git commit or release version.',
  validate: (r, report) => {
    const mutability = peek(r.props, "imageTagMutability") ?? "MUTABLE";
    if (mutability !== "IMMUTABLE") report(`Repository tags are ${mutability}: a push can replace the image behind a tag that was reviewed and scanned.`);
  },
});

export const repoKmsEncrypted = resourcePolicy({
  name: "ecr-repository-kms-encrypted",
  description: "ECR repositories are encrypted with a customer-managed KMS key.",
  types: [REPOSITORY],
  severity: "medium",
  category: "security",
  controls: ["CTR-7", "ENV-1"],
  fsbp: ["ECR.5"],
  checkov: ["CKV_AWS_136"],
  remediation: 'set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <CMK ARN> }] (HardenedService creates a CMK).',
  validate: (r, report) => {
    const enc = asArray(peek(r.props, "encryptionConfigurations"))[0];
    if (!enc || enc.encryptionType !== "KMS") report("Repository images are encrypted with the AES256 default, not a customer-managed key you can audit, restrict and revoke.");
    else if (!present(enc, "kmsKey")) report("Repository uses the AWS-managed ECR key, not a customer-managed key you can audit, restrict and revoke.");
  },
});

/** Resources that point at `target` through `prop`: by property dependency (known in preview) or by name. */
function pointsAt(res: PolicyResource, prop: string, target: PolicyResource): boolean {
  if ((res.propertyDependencies?.[prop] ?? []).some((d) => d.urn === target.urn)) return true;
  const name = peek(target.props, "name");
  return name !== undefined && peek(res.props, prop) === name;
}

const REGISTRY_SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";

/** True when an ECR wildcard repository filter (`*` matches any characters) matches the repository name. */
function filterMatches(filter: unknown, name: unknown): boolean {
  if (typeof filter !== "string" || isUnknown(filter)) return false;
  if (filter.trim() === "*") return true;
  if (typeof name !== "string" || isUnknown(name)) return false;
  return new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(name);
}

/**
 * True when a registry scanning configuration scans the repository: a rule that scans on push or continuously
 * (scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN, BASIC or ENHANCED) with a WILDCARD filter matching its name.
 * An ENHANCED configuration without such a rule scans nothing.
 */
function registryScans(config: PolicyResource, repoName: unknown): boolean {
  return asArray(peek(config.props, "rules"))
    .map(raw)
    .some(
      (rule: any) =>
        ["scan_on_push", "continuous_scan"].includes(lower(rule?.scanFrequency)) &&
        asArray(rule?.repositoryFilters)
          .map(raw)
          .some((f: any) => lower(f?.filterType ?? "WILDCARD") === "wildcard" && filterMatches(f?.filter, repoName)),
    );
}

export const repoScanOnPush = stackPolicy({
  name: "ecr-repository-scan-on-push",
  description:
    "ECR repositories scan images on push (imageScanningConfiguration.scanOnPush), or a registry scanning configuration in the stack has a scan-on-push or continuous rule whose filter matches the repository.",
  severity: "high",
  category: "security",
  controls: ["CTR-6"],
  fsbp: ["ECR.1"],
  checkov: ["CKV_AWS_163"],
  remediation:
    'set imageScanningConfiguration: { scanOnPush: true }, or add an aws.ecr.RegistryScanningConfiguration (scanType ENHANCED) with a rule { scanFrequency: "CONTINUOUS_SCAN" or "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.',
  validate: (resources, report) => {
    const configs = resources.filter((r) => r.type === REGISTRY_SCANNING);
    for (const repo of resources.filter((r) => r.type === REPOSITORY)) {
      if (isTrue(peek(repo.props, "imageScanningConfiguration.scanOnPush"))) continue;
      const name = peek(repo.props, "name");
      if (configs.some((c) => registryScans(c, name))) continue;
      report(
        `Repository ${repo.name} does not scan images on push${configs.length ? ", and no registry scanning rule matches it" : ""}: known-vulnerable images reach the cluster unnoticed.`,
        repo.urn,
      );
    }
  },
});

export const repoLifecyclePolicy = stackPolicy({
  name: "ecr-repository-lifecycle-policy",
  description: "Every ECR repository has a lifecycle policy.",
  severity: "low",
  category: "resilience",
  controls: ["CTR-7"],
  fsbp: ["ECR.3"],
  remediation: "add an aws.ecr.LifecyclePolicy for the repository: expire untagged images after 7 days and keep the last N tagged ones (HardenedService does).",
  validate: (resources, report) => {
    const lifecycles = resources.filter((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy");
    for (const repo of resources.filter((r) => r.type === REPOSITORY)) {
      if (!lifecycles.some((l) => pointsAt(l, "repository", repo))) report(`Repository ${repo.name} has no lifecycle policy: old, unpatched images pile up and stay pullable.`, repo.urn);
    }
  },
});

const REPOSITORY_POLICY_TYPES = ["aws:ecr/repositoryPolicy:RepositoryPolicy", "aws:ecr/registryPolicy:RegistryPolicy"] as const;

export const repoPolicyNotPublic = resourcePolicy({
  name: "ecr-repository-policy-not-public",
  description:
    'ECR repository and registry policies (JSON string or object) admit named principals only: no Allow statement names Principal "*" (as "*", ["*"], { AWS: "*" }) or uses NotPrincipal, unless a condition on aws:PrincipalAccount, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceOwner pins it to named accounts.',
  types: REPOSITORY_POLICY_TYPES,
  severity: "high",
  category: "security",
  controls: ["CTR-7"],
  checkov: ["CKV_AWS_32"],
  remediation: "name the accounts or roles that pull (or push) in Principal, or add a StringEquals condition on aws:PrincipalOrgID or aws:PrincipalAccount.",
  validate: (r, report) => {
    const doc = knownJson(r.props, "policy", "the repository policy is built from values not yet known");
    for (const s of wildcardPrincipalStatements(doc)) {
      report(
        `Statement${s.sid ? ` "${s.sid}"` : ""} allows ${s.actions.join(", ")} to every AWS principal in any account (${s.principal === "NotPrincipal" ? "NotPrincipal" : `Principal ${s.principal}`}): anyone can ${s.actions.some((a) => /put|upload|complete|\*/i.test(a)) ? "push images into or " : ""}pull images from the repository.`,
      );
    }
  },
});

export const policies = [repoTagImmutable, repoKmsEncrypted, repoScanOnPush, repoLifecyclePolicy, repoPolicyNotPublic];
