/**
 * `retainOnDelete` on prod stateful resources, checked by the offline preview. A policy pack cannot check it: the
 * analyzer protocol sends a pack each resource's `protect`, not its `retainOnDelete`. The preview process loads no
 * policy code (the pack runs as its own process), so this module holds the pack's meaning of prod
 * (policy/environment.ts `isProd`) and takes the stateful resources of the replacement check (tools/replacements);
 * test/program/retention.test.ts holds both equal to the pack's.
 */
import type { Capture } from "../testing";
import { isStateful, recordsOf } from "./replacements/check";

export interface RetentionFinding {
  readonly urn: string;
  readonly message: string;
}

/** As the pack decides: a stack configured prod holds everything; otherwise anything but a resource tagged exactly staging (or untagged in a staging stack) is prod. */
export function prodResource(tags: Record<string, unknown> | undefined, stackConfig: unknown): boolean {
  const configured = (stackConfig as { environment?: unknown } | undefined)?.environment;
  if (configured === "prod") return true;
  const tag = tags?.environment;
  if (tag === "staging") return false;
  return !(configured === "staging" && tag === undefined);
}

/** Every prod stateful resource without `retainOnDelete`: a destroy or a resource dropped from the program deletes it. */
export function retentionFindings(capture: Capture, stackConfig: unknown): RetentionFinding[] {
  return recordsOf(capture)
    .filter((r) => isStateful(r) && prodResource(r.inputs?.tags, stackConfig) && !r.options?.retainOnDelete)
    .map((r) => ({
      urn: r.urn,
      message: `${r.type.split(":")[1]} ${r.name} lacks retainOnDelete: \`pulumi destroy\`, or dropping it from the program, deletes it and its data. Set { retainOnDelete: true } (hardened-aws components set it on their stateful resources in prod).`,
    }));
}
