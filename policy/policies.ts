/** Every policy of the pack, in one list (index.ts serves it; tests and CONTROLS.md check it). */
import { policies as alb } from "./alb";
import { AnyPolicy } from "./lib";
import { policies as elasticache } from "./elasticache";
import { policies as kms } from "./kms";
import { policies as backup } from "./backup";
import { policies as ecr } from "./ecr";
import { policies as ecs } from "./ecs";
import { policies as logs } from "./logs";
import { policies as monitoring } from "./monitoring";
import { policies as network } from "./network";
import { policies as ordering } from "./ordering";
import { policies as protect } from "./protect";
import { policies as rds } from "./rds";
import { policies as s3 } from "./s3";
import { policies as secrets } from "./secrets";
import { policies as waf } from "./waf";

export const allPolicies: AnyPolicy[] = [...network, ...logs, ...rds, ...elasticache, ...secrets, ...alb, ...waf, ...s3, ...backup, ...monitoring, ...ecs, ...ecr, ...kms, ...protect, ...ordering];
