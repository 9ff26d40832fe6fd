/** SARIF 2.1.0 for code scanning: one rule per policy, one result per violation. */
import { Diagnostic, PolicyInfo } from "./analyzer";

/** A mandatory check that could not run in a preview (an unknown value it needs). */
export interface UndecidedCheck {
  readonly policyName: string;
  readonly urn: string;
  readonly reason: string;
}

export interface SarifLocation {
  /** Repository-relative file the resource is declared in. */
  readonly uri: string;
}

const LEVEL: Record<string, "error" | "warning" | "note"> = { mandatory: "error", remediate: "error", advisory: "warning", disabled: "note" };

function controls(p: PolicyInfo | undefined): string[] {
  return (p?.tags ?? []).filter((t) => t.startsWith("control:") || t.startsWith("fsbp:"));
}

/**
 * SARIF for a preview: a `fail` result per violation and, for checks that could not run, an `open` result
 * (SARIF's "could not be determined", level none) with the reason.
 */
export function toSarif(
  pack: { name: string; version: string; policies: readonly PolicyInfo[] },
  diagnostics: readonly Diagnostic[],
  locate: (urn: string) => SarifLocation,
  undecided: readonly UndecidedCheck[] = [],
): object {
  const byName = new Map(pack.policies.map((p) => [p.name, p]));
  const ruleIndex = new Map(pack.policies.map((p, i) => [p.name, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: pack.name,
            version: pack.version,
            informationUri: "https://www.pulumi.com/docs/iac/packages-and-automation/crossguard/",
            rules: pack.policies.map((p) => ({
              id: p.name,
              name: p.name,
              shortDescription: { text: p.description },
              fullDescription: { text: p.description },
              help: { text: p.remediationSteps || p.description },
              defaultConfiguration: { level: LEVEL[p.enforcementLevel] ?? "warning" },
              properties: { tags: [...p.tags], severity: p.severity, ...(p.framework ? { framework: p.framework } : {}) },
            })),
          },
        },
        results: diagnostics
          .map((d) => {
            const p = byName.get(d.policyName);
            return {
              ruleId: d.policyName,
              ...(ruleIndex.has(d.policyName) ? { ruleIndex: ruleIndex.get(d.policyName) } : {}),
              level: LEVEL[d.enforcementLevel] ?? "warning",
              message: { text: `${d.urn ? `${d.urn.split("::").pop()}: ` : ""}${d.message}` },
              locations: [
                {
                  physicalLocation: { artifactLocation: { uri: locate(d.urn).uri }, region: { startLine: 1 } },
                  logicalLocations: d.urn ? [{ fullyQualifiedName: d.urn, kind: "resource" }] : [],
                },
              ],
              partialFingerprints: { "policyResource/v1": `${d.policyName}|${d.urn}` },
              properties: { enforcementLevel: d.enforcementLevel, controls: controls(p), fix: p?.remediationSteps ?? "" },
            };
          })
          .concat(
            undecided.map((u) => ({
              ruleId: u.policyName,
              ...(ruleIndex.has(u.policyName) ? { ruleIndex: ruleIndex.get(u.policyName) } : {}),
              kind: "open",
              level: "none",
              message: { text: `${u.urn ? `${u.urn.split("::").pop()}: ` : ""}could not run in this preview: ${u.reason}` },
              locations: [
                { physicalLocation: { artifactLocation: { uri: locate(u.urn).uri }, region: { startLine: 1 } }, logicalLocations: u.urn ? [{ fullyQualifiedName: u.urn, kind: "resource" }] : [] },
              ],
              partialFingerprints: { "policyResource/v1": `${u.policyName}|${u.urn}` },
              properties: { undecided: true, reason: u.reason, controls: controls(byName.get(u.policyName)) },
            })) as any[],
          ),
      },
    ],
  };
}
