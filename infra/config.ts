/**
 * Typed, validated stack configuration: one schema, one parse, before any resource registers.
 *
 * Pulumi.yaml's `config:` block declares the keys whose default no environment changes, with type, description
 * and default. Keys whose default depends on the environment (ENV_DEPENDENT_KEYS) are declared here only: the CLI
 * requires a stack value for a key Pulumi.yaml declares without a default, so an unset one could not reach the
 * program. Unset, it reaches the program as undefined and the program passes it through, so the component's own
 * default for the environment applies. This file checks types and shapes; the rules (prod floors, ranges of
 * component arguments) live in the components' validate.ts, each under one code.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isPrivateIpv4Cidr, isWorldCidr, parseCidr } from "../components/shared/cidr";
import { ArgProblem, formatProblems } from "../components/shared/errors";

export const PROJECT = "hardened-aws";

// The SDK marks --secret keys but keeps the check internal; it is stable across 3.x.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret: (key: string) => boolean };

/** CloudWatch Logs accepts only these retention values (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

type Ctx = z.RefinementCtx;
function fail(ctx: Ctx, code: string, problem: string, fix: string, path: (string | number)[] = []): void {
  ctx.addIssue({ code: "custom", message: problem, path, params: { code, fix } });
}

const integer = (min: number, max: number, fix: string) =>
  z.coerce.number().superRefine((v, ctx) => {
    if (!Number.isInteger(v) || v < min || v > max) fail(ctx, "CFG_RANGE", `must be a whole number from ${min} to ${max}, got ${v}`, fix);
  });
/** The program's secrets whose values are put out of band (SecretSet creates them empty). */
export const EXTERNAL_SECRET_PURPOSES = ["smtp", "sentry"] as const;
const boolean = z.enum(["true", "false"]).transform((v) => v === "true");
/** A whole number; its range is the component's rule (e.g. SecureDatabase's backupRetentionDays, 1 to 35). */
const wholeNumber = z.coerce.number().superRefine((v, ctx) => {
  if (!Number.isInteger(v)) fail(ctx, "CFG_INTEGER", `must be a whole number, got ${v}`, "write a whole number such as 2.");
});
const jsonArray = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, z.array(z.string()));
const retention = (fix: string) =>
  z.coerce.number().superRefine((v, ctx) => {
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(v)) {
      fail(ctx, "CFG_RETENTION", `${v} is not a CloudWatch Logs retention value`, `${fix} Use one of ${LOG_RETENTION_DAYS.join(", ")}.`);
    }
  });
const cidrList = (allowWorld: boolean) =>
  jsonArray.superRefine((list, ctx) => {
    list.forEach((c, i) => {
      if (!parseCidr(c)) fail(ctx, "CFG_CIDR", `"${c}" is not a CIDR block`, "write it as a.b.c.d/n, e.g. 10.8.0.0/16.", [i]);
      else if (!allowWorld && isWorldCidr(c))
        fail(
          ctx,
          "CFG_CIDR_WORLD",
          `"${c}" would open the database and cache to the whole internet`,
          "list only the private CIDRs of your VPN or bastion hosts, e.g. 10.8.0.0/16; services reach the data tier through security-group references.",
          [i],
        );
    });
  });
const rotation = (max: number, seed: string) => integer(1, max, `set a rotation period between 1 and ${max} days (${seed}).`);
const hostName = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase DNS name such as app.example.com");

/** The schema of every key in Pulumi.yaml's `config:` block plus the provider region. */
export const configSchema = z
  .object({
    "aws:region": z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as eu-west-1"),
    environment: z.enum(["staging", "prod"]),
    appName: z.string().regex(/^[a-z][a-z0-9-]{1,23}$/, "must be 2-24 lowercase letters, digits or hyphens, starting with a letter"),
    vpcCidr: z.string().superRefine((v, ctx) => {
      const c = parseCidr(v);
      if (!c || c.family !== 4 || !isPrivateIpv4Cidr(v) || c.prefix < 16 || c.prefix > 20)
        fail(ctx, "CFG_VPC_CIDR", `"${v}" is not a private IPv4 /16 to /20`, "use a block from 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 sized /16 to /20, e.g. 10.40.0.0/16.");
    }),
    azCount: integer(2, 3, "use 2 or 3 availability zones."),
    natGatewayPerAz: boolean.optional(),
    flowLogRetentionDays: retention("Set flowLogRetentionDays to at least 90."),
    publicIngressCidrs: cidrList(true).refine((l) => l.length > 0, "must list at least one CIDR (0.0.0.0/0 for a public site)"),
    adminCidrs: cidrList(false),
    domainName: hostName,
    extraHostNames: z.array(hostName).or(jsonArray.pipe(z.array(hostName))),
    hostedZoneId: z.string().regex(/^(Z[A-Z0-9]{1,32})?$/, "must be empty or a Route 53 hosted zone id such as Z0123456789ABC"),
    alertEmails: jsonArray.pipe(z.array(z.email("must be an email address"))),
    jwtRotationDays: rotation(90, "the seeds rotate JWT secrets every 90 days"),
    sessionRotationDays: rotation(30, "the seeds rotate session secrets every 30 days"),
    databaseRotationDays: rotation(90, "database passwords rotate at least quarterly"),
    secretRotationDays: rotation(90, "other secrets rotate at least quarterly"),
    rateLimitGeneralPer15Min: integer(15, 1_000_000, "set requests per IP per 15 minutes (seeds: 1000)."),
    rateLimitApiPer15Min: integer(15, 1_000_000, "set requests per IP per 15 minutes under /api/ (seeds: 100)."),
    rateLimitAuthPer15Min: integer(1, 1_000_000, "set requests per IP per 15 minutes on auth paths (seeds: 5)."),
    rateLimitSearchPerMinute: integer(10, 1_000_000, "set requests per IP per minute on search paths (seeds: 30; WAF's minimum is 10)."),
    rateLimitUploadPerHour: integer(1, 1_000_000, "set requests per IP per hour on upload paths (seeds: 10)."),
    wafMode: z.enum(["block", "count"]).optional(),
    dbInstanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.medium"),
    dbMultiAz: boolean.optional(),
    dbBackupRetentionDays: wholeNumber.optional(),
    cacheNodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.t4g.small"),
    cacheReplicas: wholeNumber.optional(),
    deletionProtection: boolean.optional(),
    backupRetentionDays: wholeNumber.optional(),
    drRegion: z.string().regex(/^([a-z]{2}(-gov)?-[a-z]+-\d)?$/, "must be empty or an AWS region such as eu-central-1"),
    appLogRetentionDays: retention("Set appLogRetentionDays."),
    securityLogRetentionDays: retention("Set securityLogRetentionDays to at least 90 (seeds)."),
    auditLogRetentionDays: retention("Set auditLogRetentionDays to 2557 (7 years, seeds)."),
    appImage: z
      .string()
      .regex(
        /^(|[a-z0-9.-]+(:\d+)?\/[a-z0-9._\/-]+@sha256:[a-f0-9]{64})$/,
        "must be empty (build examples/app) or an image by digest such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/prod/app@sha256:<64 hex>",
      ),
    appImageTag: z.string().regex(/^(?!latest$)([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/, "must be empty (the git commit) or an immutable tag such as a commit SHA; latest is refused"),
    appMinTasks: wholeNumber.optional(),
    appMaxTasks: wholeNumber.optional(),
    externalSecretsSet: jsonArray.pipe(z.array(z.enum(EXTERNAL_SECRET_PURPOSES, "must be one of the program's external secrets: " + EXTERNAL_SECRET_PURPOSES.join(", ")))),
    dbRolesBootstrapped: boolean,
  })
  .superRefine((c, ctx) => {
    // Needs two keys and the provider region, which no component sees; every other rule is the component's.
    if (c.drRegion !== "" && c.drRegion === c["aws:region"])
      fail(ctx, "CFG_DR_SAME_REGION", "the DR region must differ from the stack region", "pick another region for drRegion, e.g. eu-central-1.", ["drRegion"]);
  });

export type StackConfig = z.infer<typeof configSchema> & {
  readonly stack: string;
  readonly project: string;
  /** Config keys the user set with `pulumi config set --secret`; their values are wrapped with pulumi.secret where used. */
  readonly secretKeys: ReadonlySet<string>;
};

/**
 * Keys whose default depends on the environment, with the component argument each feeds: not in Pulumi.yaml's
 * `config:` block (listed in its comment), and when a stack leaves one unset the component's default for its
 * environment applies (defaults.ts of the component named).
 */
export const ENV_DEPENDENT_KEYS = {
  natGatewayPerAz: "Network.natGatewayPerAz",
  dbMultiAz: "SecureDatabase.multiAz",
  dbBackupRetentionDays: "SecureDatabase.backupRetentionDays",
  deletionProtection: "SecureDatabase.deletionProtection, SecureLoadBalancer.enableDeletionProtection",
  cacheReplicas: "SecureCache.replicas",
  wafMode: "WebFirewall.mode",
  backupRetentionDays: "BackupPlan.retentionDays",
  appMinTasks: "HardenedService.minCapacity",
  appMaxTasks: "HardenedService.maxCapacity",
} as const;

/** The raw key names read from config: project keys are namespaced, provider keys are given in full. */
export const CONFIG_KEYS = Object.keys(configSchema.shape).filter((k) => !k.includes(":"));

/** Thrown for a bad stack config; lists every bad key once. */
export class ConfigError extends pulumi.RunError {
  readonly problems: readonly ArgProblem[];
  constructor(stack: string, problems: readonly ArgProblem[]) {
    super(`Invalid configuration for stack "${stack}" (Pulumi.${stack}.yaml, defaults in Pulumi.yaml):\n${formatProblems(problems)}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

function fullKey(key: string): string {
  return key.includes(":") ? key : `${PROJECT}:${key}`;
}

/**
 * Validates raw config strings (as the CLI passes them: scalars as text, arrays as JSON).
 * Pure: tests and the offline preview call it directly.
 */
export function parseStackConfig(stack: string, raw: Readonly<Record<string, string | undefined>>, secretKeys: ReadonlySet<string> = new Set()): StackConfig {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const v = raw[fullKey(key)];
    if (v !== undefined) input[key] = v;
  }
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue): ArgProblem => {
      const [key, ...rest] = issue.path.map(String);
      const params = (issue as { params?: { code?: string; fix?: string } }).params ?? {};
      const received = key in input ? ` (got ${JSON.stringify(input[key])})` : "";
      const missing = !(key in input);
      return {
        code: params.code ?? (missing ? "CFG_MISSING" : "CFG_INVALID"),
        arg: `${fullKey(key)}${rest.map((r) => `[${r}]`).join("")}`,
        problem: missing ? "is not set" : `${issue.message}${params.code ? "" : received}`,
        fix:
          params.fix ??
          (missing
            ? `set it in Pulumi.${stack}.yaml (pulumi config set ${fullKey(key)} <value> --stack ${stack}).`
            : `correct the value in Pulumi.${stack}.yaml; the key's description in Pulumi.yaml says what it takes.`),
      };
    });
    throw new ConfigError(stack, problems);
  }
  return { ...result.data, stack, project: PROJECT, secretKeys };
}

/**
 * Keys of the project's namespace the program does not read (a typo such as `hardened-aws:dbMultiAZ`): refused,
 * because an ignored key would leave the setting it meant at its default without a word.
 */
export function undeclaredKeys(stack: string, keys: readonly string[]): ArgProblem[] {
  const known = new Set(Object.keys(configSchema.shape).map(fullKey));
  return keys
    .filter((k) => k.startsWith(`${PROJECT}:`) && !known.has(k))
    .sort()
    .map((k) => {
      const name = k.slice(PROJECT.length + 1);
      const near = CONFIG_KEYS.find((c) => c.toLowerCase() === name.toLowerCase());
      return {
        code: "CFG_UNDECLARED",
        arg: k,
        problem: "is not a key of this project (Pulumi.yaml and infra/config.ts declare every key the program reads)",
        fix: near ? `rename it to ${fullKey(near)} in Pulumi.${stack}.yaml.` : `remove it from Pulumi.${stack}.yaml (pulumi config rm ${k} --stack ${stack}), or declare it in Pulumi.yaml.`,
      };
    });
}

/** Reads and validates the running stack's config. Call it first in the program, before any resource. */
export function loadStackConfig(): StackConfig {
  const undeclared = undeclaredKeys(pulumi.getStack(), Object.keys(pulumi.runtime.allConfig()));
  if (undeclared.length) throw new ConfigError(pulumi.getStack(), undeclared);
  const raw: Record<string, string | undefined> = {};
  const secretKeys = new Set<string>();
  for (const key of Object.keys(configSchema.shape)) {
    const k = fullKey(key);
    raw[k] = pulumi.runtime.getConfig(k);
    if (isConfigSecret(k)) secretKeys.add(key);
  }
  return parseStackConfig(pulumi.getStack(), raw, secretKeys);
}

/** Wraps a config value in pulumi.secret when the user stored it with --secret. */
export function configValue<T>(cfg: StackConfig, key: keyof z.infer<typeof configSchema>, value: T): pulumi.Input<T> {
  return cfg.secretKeys.has(key) ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}

const commits = new Map<string, string>();

/** The checkout's commit, read once per process (a test file runs the program many times; `pulumi up` once). */
function commitOf(repoRoot: string): string {
  let commit = commits.get(repoRoot);
  if (commit === undefined) {
    commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    commits.set(repoRoot, commit);
  }
  return commit;
}

/**
 * The image the app service runs: `appImage` (a prebuilt digest) or a build of examples/app tagged with
 * `appImageTag`, which defaults to the current git commit so every deploy pushes a new immutable tag.
 */
export function appImageSource(cfg: StackConfig, repoRoot: string): { image: string } | { build: { context: string }; imageTag: string } {
  if (cfg.appImage) return { image: cfg.appImage };
  let tag = cfg.appImageTag;
  if (!tag) {
    try {
      tag = commitOf(repoRoot);
    } catch {
      throw new ConfigError(cfg.stack, [
        {
          code: "CFG_IMAGE_TAG",
          arg: `${PROJECT}:appImageTag`,
          problem: "no image tag: appImageTag is empty and the project is not a git checkout",
          fix: "set appImageTag to an immutable tag (e.g. the commit SHA) or appImage to a prebuilt image by digest.",
        },
      ]);
    }
  }
  return { build: { context: path.join(repoRoot, "examples", "app") }, imageTag: tag };
}
