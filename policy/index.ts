/**
 * The hardened-aws CrossGuard pack. Run it with
 *   pulumi preview --policy-pack policy --policy-pack-config policy/config/<stack>.json
 * or offline with `npm run preview -- --stack <stack>`.
 */
import { allPolicies } from "./policies";
import { servePolicyPack } from "./serve";

servePolicyPack("hardened-aws", {
  description: "Blocks AWS infrastructure weaker than the hardened-aws controls.",
  enforcementLevel: "mandatory",
  policies: allPolicies,
});
