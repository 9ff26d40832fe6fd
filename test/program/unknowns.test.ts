/**
 * A pack that never silently downgrades: every resource policy runs on the same resources twice, once with
 * every value known (what `pulumi up` checks) and once as a preview of a new stack sends them (references to
 * resources not yet created unknown). A resource the known run fails must fail again with the same message, or
 * be reported undecided by the pack itself, naming the property. A pass must never hide a failure.
 * The resources: the prod stack (our components) and test/fixtures/hand-written (raw aws.* mistakes).
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { Capture } from "../support/capture";
import { checkResource, checkStack, fixtureOf } from "../support/policy";
import { REPO_ROOT, captureProject, captureStack } from "../support/program";

const resourcePolicies = allPolicies.filter((p) => "validateResource" in p) as (ResourceValidationPolicy & { spec: { types: readonly string[] } })[];
const PACK_REASON = /^[\w.[\]]+ is not known until apply \(.+\); the resolved offline preview \(npm run preview\) and pulumi up decide this check$/;

const handWritten = (preview: boolean) => captureProject(path.join(REPO_ROOT, "test", "fixtures", "hand-written"), "test", { preview });

interface Pair {
  policy: string;
  urn: string;
  known: string[];
  preview: string[];
  undecided?: string;
}

async function pairs(known: Capture, preview: Capture): Promise<Pair[]> {
  const out: Pair[] = [];
  const previewByUrn = new Map(preview.resources.map((r) => [r.urn, r]));
  for (const r of known.resources.filter((x) => x.custom)) {
    const p = previewByUrn.get(r.urn);
    if (!p) continue;
    for (const policy of resourcePolicies.filter((x) => x.spec.types.includes(r.type))) {
      const k = await checkResource(policy, fixtureOf(r));
      const v = await checkResource(policy, fixtureOf(p));
      out.push({ policy: policy.name, urn: r.urn, known: k.violations, preview: v.violations, undecided: v.undecided });
    }
  }
  return out;
}

let graphs: [Capture, Capture][];
beforeAll(async () => {
  graphs = [
    [await captureStack("prod"), await captureStack("prod", { preview: true })],
    [await handWritten(false), await handWritten(true)],
  ];
}, 180_000);

describe("every resource policy with the references of a new stack unknown", () => {
  let all: Pair[];
  beforeAll(async () => {
    all = (await Promise.all(graphs.map(([known, preview]) => pairs(known, preview)))).flat();
  }, 180_000);

  it("never passes in a preview what it fails with every value known", () => {
    const downgraded = all.filter((p) => p.known.length > 0 && p.preview.length === 0 && !p.undecided).map((p) => `${p.policy} ${p.urn.split("::").pop()}`);
    expect(downgraded).toEqual([]);
  });

  it("repeats the same findings when it can decide, and says itself which property it is missing when it cannot", () => {
    for (const p of all.filter((x) => !x.undecided)) expect({ ...p, preview: p.preview }).toEqual({ ...p, preview: p.known });
    for (const p of all.filter((x) => x.undecided)) expect({ policy: p.policy, reason: p.undecided }).toEqual({ policy: p.policy, reason: expect.stringMatching(PACK_REASON) });
  });

  it("runs every resource policy on some resource, and blocks most fixture mistakes in the preview too", () => {
    const exercised = new Set(all.map((p) => p.policy));
    expect(resourcePolicies.map((p) => p.name).filter((n) => !exercised.has(n))).toEqual([]);
    const failing = all.filter((p) => p.known.length > 0);
    const stillBlocked = failing.filter((p) => p.preview.length > 0);
    expect(failing.length).toBeGreaterThan(40);
    expect(stillBlocked.length / failing.length).toBeGreaterThan(0.9);
  });
});

describe("every stack policy with the references of a new stack unknown", () => {
  const stackPolicies = allPolicies.filter((p) => "validateStack" in p) as (StackValidationPolicy & { name: string })[];

  it.each(stackPolicies.map((p) => [p.name, p] as const))("%s reports the same resources, or says what it is missing", async (_name, policy) => {
    for (const [known, preview] of graphs) {
      const k = await checkStack(
        policy,
        known.resources.filter((r) => r.custom).map((r) => fixtureOf(r)),
      );
      const v = await checkStack(
        policy,
        preview.resources.filter((r) => r.custom).map((r) => fixtureOf(r)),
      );
      if (v.undecided) expect(v.undecided).toMatch(PACK_REASON);
      else expect(v.urns.sort()).toEqual(k.urns.sort());
    }
  });
});
