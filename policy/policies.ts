/** Every policy of the pack, in one list (index.ts serves it; tests and CONTROLS.md check it). */
import { AnyPolicy } from "./lib";
import { policies as elasticache } from "./elasticache";
import { policies as logs } from "./logs";
import { policies as network } from "./network";
import { policies as rds } from "./rds";
import { policies as secrets } from "./secrets";

export const allPolicies: AnyPolicy[] = [...network, ...logs, ...rds, ...elasticache, ...secrets];
