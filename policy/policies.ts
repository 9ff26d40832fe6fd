/** Every policy of the pack, in one list (index.ts serves it; tests and CONTROLS.md check it). */
import { AnyPolicy } from "./lib";
import { policies as ecr } from "./ecr";
import { policies as ecs } from "./ecs";
import { policies as logs } from "./logs";
import { policies as network } from "./network";

export const allPolicies: AnyPolicy[] = [...network, ...logs, ...ecs, ...ecr];
