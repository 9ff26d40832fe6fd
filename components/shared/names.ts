/** AWS naming rules shared by every component's name arguments. */
import { Rule } from "./shape";

/**
 * An application name: it becomes part of bucket, RDS, ElastiCache, ECS, WAF and secret names, so it keeps to
 * the strictest of their rules: 2-24 lowercase letters, digits and single hyphens, starting with a letter.
 */
export const appNameRule =
  (code = "APP_NAME"): Rule<string> =>
  (v) =>
    /^[a-z](?!.*--)[a-z0-9-]{1,23}$/.test(v) && !v.endsWith("-")
      ? undefined
      : { code, problem: `"${v}" is not an application name (2-24 lowercase letters, digits and single hyphens, starting with a letter)`, fix: 'use e.g. "shop" or "its-camera".' };

/** A stable map key or short name: lowercase letters, digits and hyphens, starting with a letter, at most `max`. */
export const keyName =
  (code: string, max = 32): Rule<string> =>
  (v) =>
    new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`).test(v)
      ? undefined
      : { code, problem: `"${v}" is not 1-${max} lowercase letters, digits or hyphens starting with a letter`, fix: "rename it, e.g. app." };

/** A literal pattern check with its own message. */
export const matches =
  (re: RegExp, code: string, what: string, eg: string): Rule<string> =>
  (v) =>
    re.test(v) ? undefined : { code, problem: `"${v}" is not ${what}`, fix: `use e.g. ${eg}.` };

/** A resource id as AWS returns it (`sg-…`, `subnet-…`, `vpc-…`). */
export const awsId =
  (kind: "sg" | "subnet" | "vpc", code: string): Rule<string> =>
  (v) =>
    new RegExp(`^${kind}-[0-9a-z]+$`).test(v)
      ? undefined
      : {
          code,
          problem: `"${v}" is not a ${kind === "sg" ? "security group" : kind === "subnet" ? "subnet" : "VPC"} id (${kind}-…)`,
          fix: `pass the id output of the ${kind === "sg" ? "security group" : kind}.`,
        };
