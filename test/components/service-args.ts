/** The web service's arguments shared by the HardenedService tests (a module, not a test file). */
import { HardenedServiceArgs, LogClasses } from "../../components";

export const DB_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/database-AbCdEf";
export const JWT_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/jwt-GhIjKl:privateKey::";
export const SECRETS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";
export const TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-app/0123456789abcdef";
export const DIGEST = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app@sha256:${"a".repeat(64)}`;

export function serviceArgs(logs: LogClasses, over: Partial<HardenedServiceArgs> = {}): HardenedServiceArgs {
  return {
    environment: "prod",
    appName: "shop",
    logs,
    subnetIds: ["subnet-app1", "subnet-app2"],
    securityGroupId: "sg-app",
    loadBalancerSecurityGroupId: "sg-alb",
    targetGroupArn: TG,
    build: { context: "examples/app" },
    imageTag: "3f2c1a9",
    user: "10001:10001",
    environmentVariables: { LOG_LEVEL: "info", CORS_ORIGINS: "https://shop.example.com" },
    // The same secrets, of the environment being built (ENV-1).
    secrets: Object.fromEntries(
      Object.entries({ DATABASE_URL: DB_SECRET, JWT_PRIVATE_KEY: JWT_SECRET }).map(([k, arn]) => [k, { arn: arn.replace("/prod/", `/${over.environment ?? "prod"}/`), kmsKeyArn: SECRETS_KEY }]),
    ),
    egress: {
      postgres: { port: 5432, securityGroupId: "sg-db", description: "PostgreSQL" },
      redis: { port: 6379, securityGroupId: "sg-cache", description: "Redis" },
      smtp: { port: 587, cidr: "0.0.0.0/0", description: "SendGrid SMTP" },
    },
    ...over,
  };
}
