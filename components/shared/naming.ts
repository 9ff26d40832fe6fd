import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "./errors";

/** Environment names every component accepts; prod turns on stricter defaults. */
export type Environment = "staging" | "prod";

/** The environments, spelt exactly as components, tags and stack config carry them. */
export const ENVIRONMENTS: readonly Environment[] = ["staging", "prod"];

/** The one meaning of prod in the components: the environment is exactly `prod`. */
export function isProd(env: Environment): boolean {
  return env === "prod";
}

/**
 * ENV-4: refuses an environment that is not exactly `staging` or `prod` (`Prod`, `prod `, `production`, a
 * non-string from JavaScript or config), before the component's defaults and prod floors read it: a misspelt
 * prod must never get staging's defaults. Returns the value, typed.
 */
export function checkEnvironment(component: string, name: string, value: unknown): Environment {
  if (typeof value === "string" && (ENVIRONMENTS as readonly string[]).includes(value)) return value as Environment;
  const near = typeof value === "string" && /^\s*prod(uction)?\s*$/i.test(value) ? "prod" : typeof value === "string" && /^\s*stag(e|ing)\s*$/i.test(value) ? "staging" : undefined;
  throw new ArgumentError(component, name, [
    {
      code: "ENV_INVALID",
      arg: "environment",
      problem: `${JSON.stringify(value) ?? String(value)} is not an environment (exactly "staging" or "prod", lowercase, no spaces)`,
      fix: near ? `set environment: "${near}".` : 'set environment: "staging" or "prod" (prod turns on the stricter defaults and floors).',
    },
  ]);
}

/** Tags every taggable child carries. */
export function baseTags(env: Environment, component: string, extra: Record<string, string> = {}): Record<string, string> {
  return { environment: env, "managed-by": "hardened-aws", component, ...extra };
}

/**
 * Tags of a secret that Secrets Manager does not rotate because its vendor or a deploy does (an SMTP password,
 * a Sentry DSN, a key pair replaced by a new resource, a cache password bumped with credentialVersion). The
 * pack's ecs-task-secrets-rotated accepts a secret a task reads only with a rotation schedule or these tags.
 */
export const EXTERNAL_ROTATION_TAGS = { rotation: "external" } as const;

/**
 * ARNs built from invokes and fixed names instead of resource outputs: a policy document made of them is known
 * in a preview of a new stack, so the pack can check it before anything exists.
 */
export const knownArn = {
  logGroup: (ctx: AwsContext, name: string) => regionalArn(ctx, "logs", `log-group:${name}`),
  /** Secrets Manager appends `-` and six random characters to a secret's name; IAM matches them with `??????`. */
  secret: (ctx: AwsContext, name: string) => regionalArn(ctx, "secretsmanager", `secret:${name}-??????`),
  /** Every key of the account and region; pair it with a `kms:ResourceAliases` condition naming the key. */
  anyKey: (ctx: AwsContext) => regionalArn(ctx, "kms", "key/*"),
  repository: (ctx: AwsContext, name: string) => regionalArn(ctx, "ecr", `repository/${name}`),
};

/** `arn:<partition>:<service>:<region>:<account>:<resource>` in the context's account and region. */
function regionalArn(ctx: AwsContext, service: string, resource: string): pulumi.Output<string> {
  return ctx.all.apply((c) => `arn:${c.partition}:${service}:${c.region}:${c.accountId}:${resource}`);
}

/**
 * ENV-4: a stateful child (database, cache, vault, key, secret, bucket, security/audit log group) carries `protect`
 * and `retainOnDelete` in prod: no `pulumi up` or `destroy` deletes it, and a resource dropped from the program stays
 * in the account. Staging leaves both to the caller.
 */
export function statefulOptions<T extends pulumi.CustomResourceOptions>(env: Environment, opts: T): T {
  return isProd(env) ? { ...opts, protect: opts.protect ?? true, retainOnDelete: opts.retainOnDelete ?? true } : opts;
}

/** Account, region and partition of a component's aws provider, from invokes (known in preview too). */
export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  /** The caller's ARN (the deployer: a user, role or assumed-role session), from the same invoke as the account. */
  readonly callerArn: pulumi.Output<string>;
  /** Account, region and partition together: one Output to build a value from several (`pulumi.all` wraps each again). */
  readonly all: pulumi.Output<{ readonly accountId: string; readonly region: string; readonly partition: string }>;
}

/** Contexts by the aws provider they were read through (the stack itself for the default provider of a run). */
const contexts = new WeakMap<object, AwsContext>();

/** The context of `parent`'s aws provider: read once per provider, shared by every component under it. */
export function awsContext(parent: pulumi.Resource): AwsContext {
  const key: object | undefined = parent.getProvider("aws:index:Provider") ?? pulumi.runtime.getStackResource();
  const known = key && contexts.get(key);
  if (known) return known;
  const opts = { parent };
  const identity = aws.getCallerIdentityOutput({}, opts);
  const accountId = identity.accountId;
  const region = aws.getRegionOutput({}, opts).region;
  const partition = aws.getPartitionOutput({}, opts).partition;
  const all = pulumi.all([accountId, region, partition]).apply(([a, r, p]) => ({ accountId: a, region: r, partition: p }));
  const ctx: AwsContext = { accountId, region, partition, callerArn: identity.arn, all };
  if (key) contexts.set(key, ctx);
  return ctx;
}
