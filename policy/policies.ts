/** Every policy of the pack, in one list (index.ts serves it; tests and CONTROLS.md check it). */
import { AnyPolicy } from "./lib";
import { policies as backup } from "./backup";
import { policies as logs } from "./logs";
import { policies as monitoring } from "./monitoring";
import { policies as network } from "./network";

export const allPolicies: AnyPolicy[] = [...network, ...logs, ...backup, ...monitoring];
