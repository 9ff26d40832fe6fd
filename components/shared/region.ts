/** AWS regions, as the provider knows them: a region argument must name one. */
import * as aws from "@pulumi/aws";
import { Rule } from "./shape";

/** Every region the AWS provider accepts (`aws.Region`). */
export const KNOWN_REGIONS: readonly string[] = Object.values(aws.Region);

/** A known AWS region. */
export const knownRegion =
  (code = "REGION"): Rule<string> =>
  (v) =>
    KNOWN_REGIONS.includes(v) ? undefined : { code, problem: `"${v}" is not an AWS region`, fix: "use a region name such as eu-central-1." };

/** The stack's region as the default provider reads it (`aws:region`), when set. */
export function stackRegion(): string | undefined {
  try {
    return aws.config.region;
  } catch {
    return undefined;
  }
}
