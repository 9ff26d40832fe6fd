/**
 * Prod-only rules decide the environment from the resource's own `environment` tag (every hardened-aws
 * component sets it). A resource without the tag, or with an unknown one, is held to prod rules.
 */
import { peek } from "./lib";

export function isStaging(props: any): boolean {
  return peek(props, "tags.environment") === "staging";
}
