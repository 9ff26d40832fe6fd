import { Environment, isProd } from "../shared/naming";

export const DEFAULT_VPC_CIDR = "10.40.0.0/16";
export const DEFAULT_AZ_COUNT = 2;
/** NET-3: Secrets Manager, ECR (API and Docker), CloudWatch Logs, KMS, STS. S3 is a gateway endpoint (ECR layers). */
export const DEFAULT_INTERFACE_ENDPOINTS = ["secretsmanager", "ecr.api", "ecr.dkr", "logs", "kms", "sts"] as const;
export const DEFAULT_FLOW_LOG_TRAFFIC = "ALL";
export const natGatewayPerAzDefault = (env: Environment): boolean => isProd(env);
/** Subnets are the VPC prefix + 4 bits: 16 equal blocks; tiers start at block 0 (public), 4 (app), 8 (data). */
export const SUBNET_PREFIX_BITS = 4;
export const TIER_BLOCK_OFFSET = { public: 0, app: 4, data: 8 } as const;
