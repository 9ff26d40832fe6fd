/** Image registry controls: ECR repositories are immutable, scanned, CMK-encrypted and pruned (CTR-6, CTR-7). */
import { PolicyResource } from "@pulumi/policy";
import { asArray, peek, present, resourcePolicy, stackPolicy } from "./lib";

const REPOSITORY = "aws:ecr/repository:Repository";

export const repoTagImmutable = resourcePolicy({
  name: "ecr-repository-tag-immutable",
  description: "ECR repositories have immutable tags.",
  types: [REPOSITORY],
  severity: "high",
  category: "security",
  controls: ["CTR-7"],
  fsbp: ["ECR.2"],
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

export const repoScanOnPush = stackPolicy({
  name: "ecr-repository-scan-on-push",
  description: "ECR repositories scan images on push, unless the registry has enhanced scanning.",
  severity: "high",
  category: "security",
  controls: ["CTR-6"],
  fsbp: ["ECR.1"],
  remediation: "set imageScanningConfiguration: { scanOnPush: true }, or enable enhanced scanning with aws.ecr.RegistryScanningConfiguration (scanType ENHANCED).",
  validate: (resources, report) => {
    const enhanced = resources.some((r) => r.type === "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration" && peek(r.props, "scanType") === "ENHANCED");
    if (enhanced) return;
    for (const repo of resources.filter((r) => r.type === REPOSITORY)) {
      if (peek(repo.props, "imageScanningConfiguration.scanOnPush") !== true) report(`Repository ${repo.name} does not scan images on push: known-vulnerable images reach the cluster unnoticed.`, repo.urn);
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

export const policies = [repoTagImmutable, repoKmsEncrypted, repoScanOnPush, repoLifecyclePolicy];
