/** Lambda entry point: two-password rotation of the ElastiCache user USER_ID. */
import { ElastiCacheClient } from "@aws-sdk/client-elasticache";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { rotationHandler } from "../shared/rotation";
import { redisKind } from "./kind";

const userId = process.env.USER_ID;
if (!userId) throw new Error("USER_ID (the ElastiCache user id to rotate) is not set");

export const handler = rotationHandler(redisKind({ elasticache: new ElastiCacheClient({}), userId }), new SecretsManagerClient({}));
