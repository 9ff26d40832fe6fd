/** Every policy of the pack, in one list (index.ts serves it; tests and CONTROLS.md check it). */
import { AnyPolicy } from "./lib";
import { policies as logs } from "./logs";
import { policies as network } from "./network";
import { policies as rds } from "./rds";

export const allPolicies: AnyPolicy[] = [...network, ...logs, ...rds];
