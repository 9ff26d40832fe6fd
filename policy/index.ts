/**
 * The hardened-aws CrossGuard pack. Run it with
 *   pulumi preview --policy-pack policy --policy-pack-config policy/config/<stack>.json
 * or offline with `npm run preview -- --stack <stack>`.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("hardened-aws", {
  description: "Blocks AWS infrastructure weaker than the hardened-aws controls.",
  enforcementLevel: "mandatory",
  policies: allPolicies,
});
