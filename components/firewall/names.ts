/**
 * What the WAFv2 API accepts for the names and texts the firewall emits (API reference, data types
 * EntityName, EntityDescription, MetricName). CreateWebACL fails on anything else, so the component checks
 * every emitted value at construction.
 */
import { Problems } from "../shared/errors";

/** Web ACL, rule, rule group, IP set names and custom response body keys: 1–128 of `[A-Za-z0-9_-]`. */
export const WAF_NAME = /^[\w-]{1,128}$/;
/** Descriptions: 1–256 characters of `\w + = : # @ / - , .` and whitespace inside; no parentheses. */
export const WAF_DESCRIPTION = /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/;
export const WAF_DESCRIPTION_MAX = 256;
/** CloudWatch metric names: 1–128 of `[A-Za-z0-9_#:./-]`, no whitespace, not a name WAF reserves. */
export const WAF_METRIC_NAME = /^[\w#:./-]{1,128}$/;
export const WAF_RESERVED_METRIC_NAMES = ["All", "Default_Action"] as const;

export type WafTextKind = "name" | "description" | "metric";

/** Adds a WAF_TEXT problem for each emitted value WAFv2 would refuse. */
export function checkWafText(p: Problems, kind: WafTextKind, arg: string, value: string, what: string): void {
  const bad =
    kind === "name"
      ? !WAF_NAME.test(value)
      : kind === "description"
        ? !WAF_DESCRIPTION.test(value) || value.length > WAF_DESCRIPTION_MAX
        : !WAF_METRIC_NAME.test(value) || (WAF_RESERVED_METRIC_NAMES as readonly string[]).includes(value);
  const rule =
    kind === "name"
      ? "1-128 letters, digits, underscores or hyphens"
      : kind === "description"
        ? "up to 256 letters, digits, spaces and + = : # @ / - , . (no parentheses), not starting or ending with a space"
        : "1-128 letters, digits and _ # : . / - (no spaces; not All or Default_Action)";
  p.check(bad, "WAF_TEXT", arg, `${what} "${value}" is not accepted by WAFv2 (${rule})`, `change ${arg} so the ${what} uses only ${rule}.`);
}
