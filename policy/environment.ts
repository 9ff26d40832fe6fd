/**
 * The one meaning of "prod" in the pack. A stack's pack config names its environment for every policy whose rules
 * differ by environment (policy/config/<stack>.json sets `environment` on each); where it does not, the resource's
 * own `environment` tag decides (every hardened-aws component sets it). Only an exact `staging` exempts a resource:
 * a tag spelt any other way (`Prod`, `production`, `prod `), a missing tag without a staging config, or a tag not
 * known until apply is held to prod rules, never a reason to skip a check.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { peek } from "./lib";

export type Environment = "staging" | "prod";
export const ENVIRONMENTS: readonly Environment[] = ["staging", "prod"];

/** Config schema of a policy whose rules differ by environment: the stack's environment, per stack in pack config. */
export const ENVIRONMENT_CONFIG: PolicyConfigSchema = {
  properties: {
    environment: {
      type: "string",
      enum: [...ENVIRONMENTS],
      description:
        "The stack's environment. prod holds every resource to prod rules; staging exempts resources not tagged otherwise. Unset: each resource's environment tag decides, and anything but exactly staging is prod.",
    },
  },
};

/** The environment the policy's pack config names for this stack, if it names a known one. */
export function configuredEnvironment(config: unknown): Environment | undefined {
  const env = (config as { environment?: unknown } | undefined)?.environment;
  return (ENVIRONMENTS as readonly unknown[]).includes(env) ? (env as Environment) : undefined;
}

/**
 * True when prod rules apply to a resource: the stack is configured prod, or the resource is not exempt (its tag is
 * not exactly `staging`, and it is not an untagged resource of a stack configured staging).
 */
export function isProd(props: any, config?: unknown): boolean {
  const configured = configuredEnvironment(config);
  if (configured === "prod") return true;
  const tag = peek(props, "tags.environment");
  if (tag === "staging") return false;
  return !(configured === "staging" && tag === undefined);
}

/** Why a prod-only rule does not apply (for `notApplicable`). */
export function nonProdReason(props: any): string {
  return peek(props, "tags.environment") === "staging" ? "prod-only rule; resource is tagged environment=staging" : "prod-only rule; the stack's pack config sets environment=staging";
}
