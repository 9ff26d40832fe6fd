/**
 * The infrastructure rows of the hardening requirements (shared/requirements.md), each with a check that reads a
 * captured stack and says what of the row it does not find. A check looks at resources by type and input, never
 * at our own names, so it reads any program built from the package, and it takes the application's own figures
 * (its rate limits, retentions, thresholds, hosts) from {@link AppFigures}.
 */
import * as fs from "fs";
import * as path from "path";
import type { Capture, CapturedResource } from "../support/capture";

/** The short names requirements.md gives the five applications. */
export type AppKey = "Apex" | "4S" | "ITS" | "AIA" | "004";
export const APP_KEYS: readonly AppKey[] = ["Apex", "4S", "ITS", "AIA", "004"];

export interface RequirementRow {
  readonly id: string;
  readonly control: string;
  /** The applications the row's Seeds column names. */
  readonly apps: readonly AppKey[];
}

/** Splits a Markdown table row on the pipes that are not escaped (`\|` stays inside a cell). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The control rows (ID, control, seeds) of requirements.md. */
export function requirementRows(file: string): RequirementRow[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => /^\| [A-Z]+-\d+ \|/.test(l))
    .map((l) => {
      const [id, control, seeds] = cells(l);
      const apps = APP_KEYS.filter((a) => new RegExp(`(?<![\\w])${a}(?![\\w])`).test(seeds));
      return { id, control, apps };
    });
}

/** A WAF rate figure as the rule carries it: requests per evaluation window (seconds). */
export interface WafRate {
  readonly limit: number;
  readonly window: number;
}

/** What one application's guide states, in the units the resources carry. */
export interface AppFigures {
  readonly app: AppKey;
  readonly appName: string;
  /** Node apps get NODE_ENV=production in prod (ENV-2); others name their own variable. */
  readonly runtimeFlag: { readonly name: string; readonly value: string };
  readonly cache?: { readonly evictionPolicy: string; readonly keyPrefixes?: readonly string[] };
  /** Secret purposes the guide names (SEC-2), with the rotation days it states (SEC-4). */
  readonly secrets: Readonly<Record<string, number | "external">>;
  /** Environment variable names the service reads its secrets under. */
  readonly secretVariables?: readonly string[];
  readonly jwtKeyPair?: boolean;
  readonly wafGeneral?: WafRate;
  readonly wafApi?: WafRate;
  readonly wafAuth?: WafRate;
  /** Further path tiers (4S search and upload). */
  readonly wafTiers?: Readonly<Record<string, WafRate>>;
  /** Per-API-key limits (WAF-7): per minute and per 600 s. */
  readonly wafApiKey?: { readonly perMinute: WafRate; readonly perTenMinutes: WafRate };
  readonly hsts: string;
  /** Hosts the HTTPS listener forwards for (EDGE-5); undefined where the guide names none. */
  readonly hosts?: readonly string[];
  readonly corsVariable?: string;
  /** Largest request body (bytes) the app accepts (EDGE-7). */
  readonly maxBodyBytes?: number;
  readonly containerPort: number;
  /** Log retention floors in days per log class (LOG-2, LOG-3). */
  readonly retention: { readonly security?: number; readonly securityCritical?: number; readonly audit: number };
  /** Alarm figures (MON-2..6): metric name → threshold and period. */
  readonly alarms?: Readonly<Record<string, { readonly threshold: number; readonly period: number }>>;
  readonly smtpEgress?: boolean;
  readonly clamavSidecar?: boolean;
  readonly uploadsBucket?: boolean;
  readonly cameraIngress?: boolean;
  readonly certificateExpiryDays?: number;
}

export interface Stacks {
  readonly prod: Capture;
  readonly staging: Capture;
  /** Mandatory violations the pack found on the prod stack through the offline preview (ENV-5). */
  readonly prodMandatoryViolations: number;
}

/** What a figure-driven check says when the application's figures give none for its row. */
export const NO_FIGURE = "the application's figure for this row";

/** A check returns what it misses (empty when the row is met). */
export type RowCheck = (s: Stacks, f: AppFigures) => string[];

// ---- reading the graph ----------------------------------------------------------------------------------

const T = {
  rds: "aws:rds/instance:Instance",
  rdsParams: "aws:rds/parameterGroup:ParameterGroup",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgEgress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  secret: "aws:secretsmanager/secret:Secret",
  rotation: "aws:secretsmanager/secretRotation:SecretRotation",
  password: "random:index/randomPassword:RandomPassword",
  bytes: "random:index/randomBytes:RandomBytes",
  rg: "aws:elasticache/replicationGroup:ReplicationGroup",
  cacheParams: "aws:elasticache/parameterGroup:ParameterGroup",
  cacheUser: "aws:elasticache/user:User",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  rule: "aws:lb/listenerRule:ListenerRule",
  tg: "aws:lb/targetGroup:TargetGroup",
  cert: "aws:acm/certificate:Certificate",
  acl: "aws:wafv2/webAcl:WebAcl",
  aclAssoc: "aws:wafv2/webAclAssociation:WebAclAssociation",
  aclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
  task: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  repo: "aws:ecr/repository:Repository",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  vault: "aws:backup/vault:Vault",
  vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
  restorePlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  restoreSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  filter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  subnet: "aws:ec2/subnet:Subnet",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  privateKey: "tls:index/privateKey:PrivateKey",
  ssmParam: "aws:ssm/parameter:Parameter",
  bucket: "aws:s3/bucket:Bucket",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  trustStore: "aws:lb/trustStore:TrustStore",
  kmsKey: "aws:kms/key:Key",
} as const;

const params = (r: CapturedResource): Record<string, string> => Object.fromEntries((r.inputs.parameters ?? []).map((p: any) => [p.name, String(p.value)]));
const containers = (c: Capture): any[] => c.ofType(T.task).flatMap((t) => JSON.parse(t.inputs.containerDefinitions ?? "[]"));
const appContainers = (c: Capture): any[] => containers(c).filter((d) => d.essential !== false);
const tagged = (r: CapturedResource, key: string, value?: string) => r.inputs.tags?.[key] !== undefined && (value === undefined || r.inputs.tags[key] === value);
const httpsListeners = (c: Capture) => c.ofType(T.listener).filter((l) => l.inputs.protocol === "HTTPS");
const rateRules = (c: Capture): any[] =>
  c
    .ofType(T.acl)
    .flatMap((a) => a.inputs.rules ?? [])
    .filter((r: any) => r.statement?.rateBasedStatement);
const outputs = (c: Capture): string => JSON.stringify(c.outputs);
const isPublicCidr = (cidr: string) => !/^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|f[cd])/i.test(cidr);

function need(missing: string[], ok: unknown, what: string): void {
  if (!ok) missing.push(what);
}

/** The rate rule with this limit and window, scoped (path set) or not. */
function hasRate(c: Capture, rate: WafRate, scoped: boolean, header = false): boolean {
  return rateRules(c).some((r) => {
    const s = r.statement.rateBasedStatement;
    const keyed = s.aggregateKeyType === "CUSTOM_KEYS" && (s.customKeys ?? []).some((k: any) => k.header);
    return s.limit === rate.limit && s.evaluationWindowSec === rate.window && !!s.scopeDownStatement === scoped && keyed === header;
  });
}

function alarmFor(c: Capture, metricName: string): CapturedResource[] {
  return c.ofType(T.alarm).filter((a) => a.inputs.metricName === metricName);
}

// ---- the checks, one per row ----------------------------------------------------------------------------

export const ROW_CHECKS: Readonly<Record<string, RowCheck>> = {
  "DB-1": ({ prod }) => {
    const m: string[] = [];
    const db = prod.ofType(T.rds);
    need(m, db.length > 0, "an RDS PostgreSQL instance");
    for (const i of db) {
      const pg = prod.ofType(T.rdsParams).find((p) => p.inputs.name === i.inputs.parameterGroupName);
      need(m, pg, `${i.name}: its own parameter group (not default.*)`);
      if (!pg) continue;
      const p = params(pg);
      need(m, p["rds.force_ssl"] === "1", `${pg.name}: rds.force_ssl=1`);
      need(m, ["TLSv1.2", "TLSv1.3"].includes(p.ssl_min_protocol_version), `${pg.name}: ssl_min_protocol_version TLSv1.2+`);
    }
    return m;
  },
  "DB-2": ({ prod }) => {
    const m: string[] = [];
    for (const i of prod.ofType(T.rds)) need(m, /^rds-ca-(rsa2048|rsa4096|ecc384)-g1$/.test(i.inputs.caCertIdentifier ?? ""), `${i.name}: a current RDS CA (rds-ca-rsa2048-g1)`);
    need(m, /sslmode=verify-full/.test(outputs(prod)), "a connection template with sslmode=verify-full among the outputs");
    need(m, /global-bundle\.pem/.test(outputs(prod)), "the RDS CA bundle URL among the outputs");
    return m;
  },
  "DB-3": ({ prod }) =>
    prod
      .ofType(T.rds)
      .filter((i) => i.inputs.iamDatabaseAuthenticationEnabled !== true)
      .map((i) => `${i.name}: IAM database authentication (the RDS substitute for client certificates)`),
  "DB-4": ({ prod }) => {
    const m: string[] = [];
    for (const i of prod.ofType(T.rds)) {
      need(m, i.inputs.publiclyAccessible !== true, `${i.name}: not publicly accessible`);
      for (const sgId of i.inputs.vpcSecurityGroupIds ?? []) {
        const sg = prod.ofType(T.sg).find((g) => g.id === sgId);
        const rules = [
          ...(sg?.inputs.ingress ?? []),
          ...prod
            .ofType(T.sgIngress)
            .filter((r) => r.inputs.securityGroupId === sgId)
            .map((r) => ({ cidrBlocks: [r.inputs.cidrIpv4, r.inputs.cidrIpv6].filter(Boolean), securityGroups: [r.inputs.referencedSecurityGroupId].filter(Boolean) })),
        ];
        need(m, rules.length > 0 && rules.every((r: any) => (r.cidrBlocks ?? []).every((c: string) => !isPublicCidr(c))), `${i.name}: its group admits only security groups and private CIDRs`);
        need(
          m,
          rules.some((r: any) => (r.securityGroups ?? []).length > 0),
          `${i.name}: the app's security group admitted by reference`,
        );
      }
    }
    return m;
  },
  "DB-5": ({ prod }) =>
    prod
      .ofType(T.rds)
      .flatMap((i) => [
        ...(i.inputs.manageMasterUserPassword === true ? [] : [`${i.name}: master password managed by RDS in Secrets Manager`]),
        ...(i.inputs.masterUserSecretKmsKeyId ? [] : [`${i.name}: master secret encrypted with a CMK`]),
        ...("password" in i.inputs ? [`${i.name}: no literal master password`] : []),
      ]),
  "DB-6": ({ prod }) => {
    const roles = prod
      .ofType(T.secret)
      .map((s) => s.inputs.tags?.["db-role"])
      .filter(Boolean);
    return ["readonly", "app_rw", "migrator"].filter((r) => !roles.includes(r)).map((r) => `a secret for the ${r} database role`);
  },
  "DB-7": ({ prod }) => {
    const m: string[] = [];
    for (const i of prod.ofType(T.rds)) {
      const p = params(prod.ofType(T.rdsParams).find((g) => g.inputs.name === i.inputs.parameterGroupName) ?? ({ inputs: {} } as any));
      need(m, (p.shared_preload_libraries ?? "").split(",").includes("pgaudit"), `${i.name}: pgaudit preloaded`);
      need(
        m,
        ["ddl", "role", "write"].every((c) => (p["pgaudit.log"] ?? "").split(",").includes(c)),
        `${i.name}: pgaudit.log ddl,role,write`,
      );
      need(m, p.log_connections === "1" && p.log_disconnections === "1", `${i.name}: connection logging`);
      need(
        m,
        ["postgresql", "upgrade"].every((e) => (i.inputs.enabledCloudwatchLogsExports ?? []).includes(e)),
        `${i.name}: postgresql and upgrade logs exported`,
      );
    }
    return m;
  },
  "DB-8": ({ prod }) =>
    prod
      .ofType(T.rds)
      .filter((i) => i.inputs.storageEncrypted !== true || !/^arn:aws:kms:.*:key\//.test(i.inputs.kmsKeyId ?? ""))
      .map((i) => `${i.name}: storage encrypted with a CMK`),
  "DB-9": ({ prod }) => (/statement_timeout = '5s'/.test(outputs(prod)) ? [] : ["the bootstrap SQL setting statement_timeout '5s' on the app role"]),
  "DB-10": ({ prod }) =>
    prod.ofType(T.rds).flatMap((i) =>
      [
        [i.inputs.deletionProtection === true, "deletion protection"],
        [i.inputs.skipFinalSnapshot !== true && !!i.inputs.finalSnapshotIdentifier, "a final snapshot"],
        [i.inputs.autoMinorVersionUpgrade !== false, "minor version upgrades"],
        [i.inputs.multiAz === true, "Multi-AZ in prod"],
      ]
        .filter(([ok]) => !ok)
        .map(([, what]) => `${i.name}: ${what}`),
    ),
  "CACHE-1": ({ prod }) => {
    const m: string[] = [];
    const rgs = prod.ofType(T.rg);
    need(m, rgs.length > 0, "a Redis/Valkey replication group");
    for (const rg of rgs) need(m, rg.inputs.transitEncryptionEnabled === true && rg.inputs.transitEncryptionMode !== "preferred", `${rg.name}: TLS required`);
    need(m, /rediss:\/\//.test(outputs(prod)), "a rediss:// URL template among the outputs");
    return m;
  },
  "CACHE-2": ({ prod }, f) => {
    const m: string[] = [];
    for (const rg of prod.ofType(T.rg)) need(m, (rg.inputs.userGroupIds ?? []).length > 0, `${rg.name}: an RBAC user group`);
    const users = prod.ofType(T.cacheUser);
    need(
      m,
      users.some((u) => u.inputs.userName === "default" && /^off\b/.test(u.inputs.accessString)),
      "the default user switched off",
    );
    const app = users.filter((u) => u.inputs.userName !== "default");
    need(
      m,
      app.length > 0 && app.every((u) => /-@dangerous/.test(u.inputs.accessString) && /~\S+:\*/.test(u.inputs.accessString)),
      "a named app user limited to key prefixes without dangerous commands",
    );
    for (const p of f.cache?.keyPrefixes ?? [])
      need(
        m,
        app.some((u) => u.inputs.accessString.includes(`~${p}`)),
        `the app user may use keys ${p}`,
      );
    return m;
  },
  "CACHE-3": ({ prod }) =>
    prod.ofType(T.rg).flatMap((rg) =>
      (rg.inputs.securityGroupIds ?? []).flatMap((id: string) => {
        const sg = prod.ofType(T.sg).find((g) => g.id === id);
        const ok = (sg?.inputs.ingress ?? []).length > 0 && sg!.inputs.ingress.every((r: any) => (r.cidrBlocks ?? []).every((c: string) => !isPublicCidr(c)));
        return ok ? [] : [`${rg.name}: its group admits only app security groups and private CIDRs`];
      }),
    ),
  "CACHE-4": ({ prod }) =>
    prod
      .ofType(T.rg)
      .filter((rg) => rg.inputs.atRestEncryptionEnabled !== true || !rg.inputs.kmsKeyId)
      .map((rg) => `${rg.name}: encrypted at rest with a CMK`),
  "CACHE-5": ({ prod }, f) => {
    const m: string[] = [];
    for (const pg of prod.ofType(T.cacheParams)) {
      const p = params(pg);
      need(m, p["maxmemory-policy"] === f.cache?.evictionPolicy, `${pg.name}: maxmemory-policy ${f.cache?.evictionPolicy} (has ${p["maxmemory-policy"]})`);
      need(m, p.timeout === "300" && p["tcp-keepalive"] === "60", `${pg.name}: timeout 300 and tcp-keepalive 60`);
    }
    need(m, alarmFor(prod, "Evictions").length > 0, "an Evictions alarm");
    return m;
  },
  "CACHE-6": ({ prod }) =>
    prod.ofType(T.rg).flatMap((rg) =>
      [
        [(rg.inputs.numCacheClusters ?? 1) >= 2, "a replica"],
        [rg.inputs.automaticFailoverEnabled === true && rg.inputs.multiAzEnabled === true, "Multi-AZ automatic failover"],
        [(rg.inputs.snapshotRetentionLimit ?? 0) >= 1, "daily snapshots"],
      ]
        .filter(([ok]) => !ok)
        .map(([, what]) => `${rg.name}: ${what} in prod`),
    ),
  "SEC-1": ({ prod }, f) => {
    const m: string[] = [];
    for (const s of prod.ofType(T.secret)) {
      need(m, /^arn:aws:kms:.*:key\//.test(s.inputs.kmsKeyId ?? ""), `${s.inputs.name}: encrypted with a CMK`);
      need(m, s.inputs.name.startsWith(`/${f.appName}/prod/`), `${s.inputs.name}: named /${f.appName}/prod/<purpose>`);
    }
    for (const p of prod.ofType(T.ssmParam)) need(m, p.inputs.type === "SecureString" || !/secret|password|token/i.test(p.inputs.name ?? ""), `${p.inputs.name}: a secret in a plain SSM parameter`);
    return m;
  },
  "SEC-2": ({ prod }, f) => {
    const names = prod.ofType(T.secret).map((s) => s.inputs.name as string);
    const m = Object.keys(f.secrets)
      .filter((p) => !names.includes(`/${f.appName}/prod/${p}`))
      .map((p) => `a secret of its own for ${p}`);
    const vars = appContainers(prod).flatMap((d) => (d.secrets ?? []).map((s: any) => s.name));
    for (const v of f.secretVariables ?? []) need(m, vars.includes(v), `the service reads ${v} from a secret`);
    return m;
  },
  "SEC-3": ({ prod }, f) => {
    const m: string[] = [];
    for (const p of prod.ofType(T.password)) need(m, p.inputs.length >= 32, `${p.name}: at least 32 characters`);
    for (const purpose of Object.keys(f.secrets).filter((p) => /^(jwt|jwt-refresh|session|api-key)$/.test(p) || /JWT|SESSION|API_KEY/.test(p))) {
      const generator = prod.ofType(T.secret).find((s) => s.inputs.name === `/${f.appName}/prod/${purpose}`)?.inputs.tags?.generator ?? "";
      need(m, /^password:(6[4-9]|[7-9]\d|\d{3,})$/.test(generator), `${purpose}: 64 random characters (has ${generator || "none"})`);
    }
    for (const b of prod.ofType(T.bytes)) need(m, b.inputs.length >= 32, `${b.name}: at least 32 bytes`);
    return m;
  },
  "SEC-4": ({ prod }, f) => {
    const m: string[] = [];
    const secrets = prod.ofType(T.secret);
    for (const [purpose, days] of Object.entries(f.secrets)) {
      if (days === "external") continue;
      const s = secrets.find((x) => x.inputs.name === `/${f.appName}/prod/${purpose}`);
      const rot = s && prod.ofType(T.rotation).find((r) => r.propertyDependencies.secretId?.includes(s.urn) || r.inputs.secretId === s.outputs.arn);
      const every = rot?.inputs.rotationRules?.automaticallyAfterDays;
      need(m, typeof every === "number" && every >= 1 && every <= days, `${purpose}: rotated at least every ${days} days (has ${every ?? "none"})`);
    }
    return m;
  },
  "SEC-5": ({ prod }) => {
    const keys = prod.ofType(T.privateKey);
    return keys.some((k) => k.inputs.algorithm === "RSA" && k.inputs.rsaBits === 2048) ? [] : ["an RSA-2048 JWT key pair"];
  },
  "NET-1": ({ prod }) => {
    const m: string[] = [];
    const azs = new Set(prod.ofType(T.subnet).map((s) => s.inputs.availabilityZone));
    need(m, azs.size >= 2, "subnets in at least two AZs");
    for (const s of prod.ofType(T.service)) need(m, s.inputs.networkConfiguration?.assignPublicIp === false, `${s.name}: tasks without public IPs`);
    return m;
  },
  "NET-2": ({ prod }, f) => {
    const m: string[] = [];
    for (const lb of prod.ofType(T.lb)) {
      for (const id of lb.inputs.securityGroups ?? []) {
        const sg = prod.ofType(T.sg).find((g) => g.id === id);
        const world = [
          ...(sg?.inputs.ingress ?? []),
          ...prod
            .ofType(T.sgIngress)
            .filter((r) => r.inputs.securityGroupId === id)
            .map((r) => ({ fromPort: r.inputs.fromPort, toPort: r.inputs.toPort, cidrBlocks: [r.inputs.cidrIpv4].filter(Boolean) })),
        ].filter((r: any) => (r.cidrBlocks ?? []).includes("0.0.0.0/0"));
        need(
          m,
          world.every((r: any) => r.fromPort === r.toPort && [80, 443].includes(r.fromPort)),
          `${lb.name}: the world admitted on 80/443 only`,
        );
      }
    }
    const fromLb = prod.ofType(T.sgIngress).some((r) => r.inputs.fromPort === f.containerPort && r.inputs.referencedSecurityGroupId);
    need(m, fromLb, `tasks admitted on ${f.containerPort} from the load balancer's group`);
    return m;
  },
  "NET-3": ({ prod }, f) => {
    const m: string[] = [];
    const egress = prod.ofType(T.sgEgress);
    need(m, egress.length > 0 && egress.every((e) => e.inputs.ipProtocol !== "-1"), "explicit egress rules, none on every port");
    if (f.smtpEgress)
      need(
        m,
        egress.some((e) => e.inputs.fromPort === 587),
        "SMTP submission egress on 587",
      );
    const services = prod.ofType(T.endpoint).map((e) => String(e.inputs.serviceName).split(".").slice(3).join("."));
    for (const s of ["secretsmanager", "ecr.api", "ecr.dkr", "logs", "kms", "s3"]) need(m, services.includes(s), `a VPC endpoint for ${s}`);
    return m;
  },
  "TLS-1": ({ prod }) =>
    [...httpsListeners(prod), ...prod.ofType(T.listener).filter((l) => l.inputs.protocol === "TLS")]
      .filter((l) => !/^ELBSecurityPolicy-TLS13-1-[23]-/.test(l.inputs.sslPolicy ?? ""))
      .map((l) => `${l.name}: a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-1-2-*)`),
  "TLS-2": ({ prod }, f) => {
    const m: string[] = [];
    need(
      m,
      prod.ofType(T.cert).some((c) => c.inputs.validationMethod === "DNS"),
      "a DNS-validated ACM certificate",
    );
    const expiry = alarmFor(prod, "DaysToExpiry");
    need(
      m,
      expiry.some((a) => a.inputs.threshold === (f.certificateExpiryDays ?? 30) && a.inputs.comparisonOperator === "LessThanThreshold"),
      `a certificate-expiry alarm at ${f.certificateExpiryDays ?? 30} days`,
    );
    return m;
  },
  "EDGE-1": ({ prod }) => {
    const m: string[] = [];
    const http = prod.ofType(T.listener).filter((l) => l.inputs.protocol === "HTTP");
    need(
      m,
      http.length > 0 && http.every((l) => l.inputs.defaultActions?.[0]?.redirect?.protocol === "HTTPS" && l.inputs.defaultActions[0].redirect.statusCode === "HTTP_301"),
      "port 80 only redirects to HTTPS with 301",
    );
    need(
      m,
      httpsListeners(prod).some((l) => l.inputs.port === 443),
      "an HTTPS listener on 443",
    );
    return m;
  },
  "EDGE-2": ({ prod }, f) =>
    httpsListeners(prod)
      .filter((l) => l.inputs.routingHttpResponseStrictTransportSecurityHeaderValue !== f.hsts)
      .map((l) => `${l.name}: HSTS "${f.hsts}" (has ${l.inputs.routingHttpResponseStrictTransportSecurityHeaderValue})`),
  "EDGE-3": ({ prod }) =>
    httpsListeners(prod)
      .filter(
        (l) =>
          !(
            ["DENY", "SAMEORIGIN"].includes(l.inputs.routingHttpResponseXFrameOptionsHeaderValue) &&
            l.inputs.routingHttpResponseXContentTypeOptionsHeaderValue === "nosniff" &&
            l.inputs.routingHttpResponseServerEnabled === false
          ),
      )
      .map((l) => `${l.name}: X-Frame-Options, nosniff and no Server header`),
  "EDGE-4": ({ prod }) =>
    httpsListeners(prod)
      .filter((l) => "routingHttpResponseContentSecurityPolicyHeaderValue" in l.inputs)
      .map((l) => `${l.name}: CSP left to the app (nonces)`),
  "EDGE-5": ({ prod }, f) => {
    const m: string[] = [];
    for (const l of httpsListeners(prod)) need(m, l.inputs.defaultActions?.[0]?.type === "fixed-response", `${l.name}: default action fixed-response 404`);
    for (const lb of prod.ofType(T.lb).filter((x) => x.inputs.loadBalancerType !== "network"))
      need(m, lb.inputs.dropInvalidHeaderFields === true && lb.inputs.desyncMitigationMode !== "monitor", `${lb.name}: invalid headers dropped, desync mitigation on`);
    const hosts = prod.ofType(T.rule).flatMap((r) => (r.inputs.conditions ?? []).flatMap((c: any) => c.hostHeader?.values ?? []));
    for (const h of f.hosts ?? []) need(m, hosts.includes(h), `a rule forwarding host ${h}`);
    return m;
  },
  "EDGE-6": ({ prod }, f) => {
    if (!f.corsVariable) return ["a CORS origin variable named for the app"];
    const env = appContainers(prod)
      .flatMap((d) => d.environment ?? [])
      .find((e: any) => e.name === f.corsVariable);
    if (!env) return [`${f.corsVariable} in the service environment`];
    return String(env.value)
      .split(",")
      .filter((o) => o === "*" || !o.startsWith("https://"))
      .map((o) => `${f.corsVariable}: origin ${o} is not an https origin`);
  },
  "EDGE-7": ({ prod }, f) => {
    const crs = prod
      .ofType(T.acl)
      .flatMap((a) => a.inputs.rules ?? [])
      .find((r: any) => r.statement?.managedRuleGroupStatement?.name === "AWSManagedRulesCommonRuleSet");
    const counted = (crs?.statement.managedRuleGroupStatement.ruleActionOverrides ?? []).some((o: any) => o.name === "SizeRestrictions_BODY" && o.actionToUse?.count);
    if (f.maxBodyBytes === undefined) return [NO_FIGURE];
    return f.maxBodyBytes > 8192 && !counted ? [`bodies up to ${f.maxBodyBytes} bytes: CRS SizeRestrictions_BODY set to count`] : [];
  },
  "EDGE-8": ({ prod }) => {
    const mtls = prod.ofType(T.listener).filter((l) => l.inputs.mutualAuthentication?.mode === "verify" && l.inputs.mutualAuthentication.trustStoreArn);
    const m: string[] = [];
    need(m, mtls.length > 0, "a listener requiring client certificates (mutual TLS verify) against a trust store");
    need(m, prod.ofType(T.trustStore).length > 0, "an ALB trust store of the camera CA");
    need(
      m,
      mtls.every((l) => tagged(l, "purpose", "camera-ingest")),
      "the client-certificate listener tagged purpose=camera-ingest",
    );
    need(
      m,
      httpsListeners(prod).some((l) => !l.inputs.mutualAuthentication || l.inputs.mutualAuthentication.mode === "off"),
      "browsers keep a listener without client certificates",
    );
    return m;
  },
  "WAF-1": ({ prod }) =>
    prod
      .ofType(T.lb)
      .filter(
        (lb) =>
          lb.inputs.internal !== true &&
          lb.inputs.loadBalancerType !== "network" &&
          !prod.ofType(T.aclAssoc).some((a) => a.inputs.resourceArn === lb.outputs.arn || a.propertyDependencies.resourceArn?.includes(lb.urn)),
      )
      .map((lb) => `${lb.name}: a web ACL associated`),
  "WAF-2": ({ prod }) => {
    const groups = prod
      .ofType(T.acl)
      .flatMap((a) => a.inputs.rules ?? [])
      .filter((r: any) => r.statement?.managedRuleGroupStatement && r.overrideAction?.none);
    const names = groups.map((r: any) => r.statement.managedRuleGroupStatement.name);
    const m = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]
      .filter((g) => !names.includes(g))
      .map((g) => `${g} enforced`);
    const actions = rateRules(prod).map((r) => Object.keys(r.action ?? {})[0]);
    need(
      m,
      actions.every((a) => a === "block"),
      "rules block in prod",
    );
    return m;
  },
  "WAF-3": ({ prod }, f) => (!f.wafGeneral ? [NO_FIGURE] : !hasRate(prod, f.wafGeneral, false) ? [`a general per-IP rule ${f.wafGeneral.limit}/${f.wafGeneral.window} s`] : []),
  "WAF-4": ({ prod }, f) => (!f.wafApi ? [NO_FIGURE] : !hasRate(prod, f.wafApi, true) ? [`an /api/ per-IP rule ${f.wafApi.limit}/${f.wafApi.window} s`] : []),
  "WAF-5": ({ prod }, f) => (!f.wafAuth ? [NO_FIGURE] : !hasRate(prod, f.wafAuth, true) ? [`an auth per-IP rule ${f.wafAuth.limit}/${f.wafAuth.window} s`] : []),
  "WAF-6": ({ prod }, f) =>
    !f.wafTiers
      ? [NO_FIGURE]
      : Object.entries(f.wafTiers)
          .filter(([, r]) => !hasRate(prod, r, true))
          .map(([n, r]) => `a ${n} per-IP rule ${r.limit}/${r.window} s`),
  "WAF-7": ({ prod }, f) => {
    if (!f.wafApiKey) return [NO_FIGURE];
    return [f.wafApiKey.perMinute, f.wafApiKey.perTenMinutes].filter((r) => !hasRate(prod, r, false, true) && !hasRate(prod, r, true, true)).map((r) => `a per-API-key rule ${r.limit}/${r.window} s`);
  },
  "CTR-1": ({ prod }) =>
    containers(prod)
      .filter((d) => !d.user || /^(root|0)(:|$)/.test(d.user))
      .map((d) => `${d.name}: a non-root user`),
  "CTR-2": ({ prod }) =>
    containers(prod)
      .filter((d) => d.readonlyRootFilesystem !== true)
      .map((d) => `${d.name}: a read-only root filesystem`),
  "CTR-3": ({ prod }) => [
    ...containers(prod)
      .filter((d) => d.privileged === true || !(d.linuxParameters?.capabilities?.drop ?? []).includes("ALL") || (d.linuxParameters?.capabilities?.add ?? []).length > 0)
      .map((d) => `${d.name}: unprivileged with every capability dropped`),
    ...prod
      .ofType(T.service)
      .filter((s) => s.inputs.enableExecuteCommand === true)
      .map((s) => `${s.name}: ECS Exec off in prod`),
  ],
  "CTR-4": ({ prod }, f) => {
    const m: string[] = [];
    for (const d of appContainers(prod)) {
      const h = d.healthCheck;
      need(m, h && h.interval === 30 && h.timeout === 10 && h.startPeriod === 5 && h.retries === 3, `${d.name}: health check 30 s / 10 s / 5 s / 3`);
    }
    need(
      m,
      appContainers(prod).some((d) => (d.healthCheck?.command ?? []).join(" ").includes(`localhost:${f.containerPort}/health`)),
      `a health check on localhost:${f.containerPort}/health`,
    );
    for (const tg of prod.ofType(T.tg).filter((t) => t.inputs.protocol === "HTTP")) need(m, !!tg.inputs.healthCheck?.path, `${tg.name}: an explicit health check path`);
    return m;
  },
  "CTR-5": ({ prod }) => {
    const m: string[] = [];
    for (const d of containers(prod)) {
      for (const e of d.environment ?? [])
        need(m, !/SECRET|PASSWORD|PASS|TOKEN|API_KEY|PRIVATE_KEY|DATABASE_URL|REDIS_URL|DSN/i.test(e.name), `${d.name}: ${e.name} comes from a secret, not the environment`);
      for (const s of d.secrets ?? []) need(m, /^arn:aws:secretsmanager:/.test(s.valueFrom), `${d.name}: ${s.name} by Secrets Manager ARN`);
    }
    return m;
  },
  "CTR-6": ({ prod }) =>
    prod
      .ofType(T.repo)
      .filter((r) => r.inputs.imageScanningConfiguration?.scanOnPush !== true)
      .map((r) => `${r.name}: scan on push`),
  "CTR-7": ({ prod }) => [
    ...prod
      .ofType(T.repo)
      .filter((r) => r.inputs.imageTagMutability !== "IMMUTABLE" || r.inputs.encryptionConfigurations?.[0]?.encryptionType !== "KMS")
      .map((r) => `${r.name}: immutable tags and KMS encryption`),
    ...containers(prod)
      .filter((d) => /:latest$/.test(d.image) || !/[:@]/.test(d.image.split("/").pop()))
      .map((d) => `${d.name}: a pinned image (not :latest)`),
  ],
  "BAK-1": ({ prod }) => {
    const m: string[] = [];
    need(
      m,
      prod.ofType(T.plan).some((p) => (p.inputs.rules ?? []).some((r: any) => /^cron\(\d+ \d+ \* \* \? \*\)$/.test(r.schedule ?? ""))),
      "a daily AWS Backup rule",
    );
    need(
      m,
      prod.ofType(T.selection).some((s) => (s.inputs.selectionTags ?? []).some((t: any) => t.key === "backup" && t.value === "true")),
      "a selection by tag backup=true",
    );
    for (const i of prod.ofType(T.rds)) need(m, tagged(i, "backup", "true") && (i.inputs.backupRetentionPeriod ?? 0) >= 1, `${i.name}: tagged for the plan with automated backups`);
    return m;
  },
  "BAK-2": ({ prod }) => {
    const m: string[] = [];
    for (const i of prod.ofType(T.rds)) need(m, (i.inputs.backupRetentionPeriod ?? 0) >= 7, `${i.name}: point-in-time recovery of at least 7 days`);
    need(
      m,
      prod.ofType(T.plan).some((p) => (p.inputs.rules ?? []).some((r: any) => r.enableContinuousBackup === true)),
      "a continuous backup rule",
    );
    return m;
  },
  "BAK-3": ({ prod }) => (prod.ofType(T.restorePlan).length && prod.ofType(T.restoreSelection).length ? [] : ["a restore testing plan with a selection"]),
  "BAK-4": ({ prod }) => (prod.ofType(T.plan).some((p) => (p.inputs.rules ?? []).some((r: any) => (r.copyActions ?? []).length > 0)) ? [] : ["a cross-region copy of recovery points"]),
  "BAK-5": ({ prod }) => {
    const m: string[] = [];
    for (const v of prod.ofType(T.vault)) need(m, !!v.inputs.kmsKeyArn, `${v.name}: CMK encryption`);
    need(m, prod.ofType(T.vaultLock).length > 0, "a vault lock in prod");
    need(
      m,
      prod.ofType(T.vaultPolicy).some((p) => /"Effect":"Deny"/.test(p.inputs.policy) && /DeleteRecoveryPoint/.test(p.inputs.policy)),
      "recovery point deletion denied",
    );
    return m;
  },
  "LOG-1": ({ prod }) =>
    containers(prod)
      .filter((d) => d.logConfiguration?.logDriver !== "awslogs" && d.logConfiguration?.logDriver !== "awsfirelens")
      .map((d) => `${d.name}: logs to CloudWatch`),
  "LOG-2": ({ prod }, f) => {
    const m: string[] = [];
    const byClass = (cls: string) => prod.ofType(T.logGroup).filter((g) => g.inputs.tags?.["log-class"] === cls && g.inputs.name.startsWith(`/${f.appName}/prod/`));
    if (f.retention.security)
      need(
        m,
        byClass("security").some((g) => g.inputs.retentionInDays >= f.retention.security!),
        `security events kept ${f.retention.security} days`,
      );
    if (f.retention.securityCritical)
      need(
        m,
        byClass("security-critical").some((g) => g.inputs.retentionInDays >= f.retention.securityCritical!),
        `critical security events kept ${f.retention.securityCritical} days`,
      );
    return m;
  },
  "LOG-3": ({ prod }, f) => {
    const audit = prod.ofType(T.logGroup).filter((g) => g.inputs.tags?.["log-class"] === "audit");
    const m: string[] = [];
    need(
      m,
      audit.some((g) => g.inputs.name === `/${f.appName}/prod/audit` && g.inputs.retentionInDays >= f.retention.audit),
      `the audit trail kept ${f.retention.audit} days`,
    );
    need(
      m,
      audit.every((g) => g.options.retainOnDelete),
      "audit groups retained on delete",
    );
    return m;
  },
  "LOG-4": ({ prod }) =>
    prod
      .ofType(T.logGroup)
      .filter((g) => !g.inputs.kmsKeyId)
      .map((g) => `${g.inputs.name}: encrypted with a CMK`),
  "LOG-5": ({ prod }) => {
    const m: string[] = [];
    const redacted = prod.ofType(T.aclLogging).flatMap((l) => (l.inputs.redactedFields ?? []).map((r: any) => r.singleHeader?.name));
    need(
      m,
      ["authorization", "cookie"].every((h) => redacted.includes(h)),
      "WAF logs with authorization and cookie redacted",
    );
    for (const lb of prod.ofType(T.lb).filter((x) => x.inputs.internal !== true)) need(m, lb.inputs.accessLogs?.enabled === true, `${lb.name}: access logs`);
    return m;
  },
  "MON-1": ({ prod }) => {
    const m: string[] = [];
    need(m, prod.ofType(T.topic).length > 0 && prod.ofType(T.topic).every((t) => !!t.inputs.kmsMasterKeyId), "a KMS-encrypted alert topic");
    need(
      m,
      prod.ofType(T.subscription).some((s) => s.inputs.protocol === "email"),
      "an email subscription",
    );
    need(
      m,
      prod.ofType(T.alarm).every((a) => (a.inputs.alarmActions ?? []).length > 0),
      "every alarm notifies",
    );
    return m;
  },
  ...Object.fromEntries(
    ["MON-2", "MON-3", "MON-4", "MON-6"].map((id) => [
      id,
      (s, f) => {
        const wanted = Object.entries(f.alarms ?? {}).filter(([metric]) => ALARM_ROWS[metric] === id);
        if (!wanted.length) return [NO_FIGURE];
        return wanted
          .filter(([metric, fig]) => !alarmFor(s.prod, metric).some((a) => a.inputs.threshold === fig.threshold && a.inputs.period === fig.period))
          .map(
            ([metric, fig]) =>
              `${metric} alarm at ${fig.threshold} per ${fig.period} s (has ${
                alarmFor(s.prod, metric)
                  .map((a) => `${a.inputs.threshold}/${a.inputs.period}`)
                  .join(", ") || "none"
              })`,
          );
      },
    ]),
  ),
  "MON-5": ({ prod }) => {
    const m: string[] = [];
    need(
      m,
      prod.ofType(T.alarm).some((a) => (a.inputs.metricQueries ?? []).some((q: any) => /5xx|5XX/.test(q.expression ?? "")) && a.inputs.threshold === 0.05),
      "an error-rate alarm at 5%",
    );
    need(
      m,
      alarmFor(prod, "TargetResponseTime").some((a) => a.inputs.extendedStatistic === "p95"),
      "a p95 latency alarm",
    );
    return m;
  },
  "MON-7": ({ prod }) => ["UnHealthyHostCount", "CPUUtilization", "MemoryUtilization", "FreeStorageSpace", "DatabaseConnections"].filter((n) => !alarmFor(prod, n).length).map((n) => `a ${n} alarm`),
  "ENV-1": ({ prod, staging }, f) => {
    const m: string[] = [];
    const prodNames = prod.ofType(T.secret).map((s) => s.inputs.name);
    const stagingNames = staging.ofType(T.secret).map((s) => s.inputs.name);
    need(m, prodNames.every((n) => n.includes("/prod/")) && stagingNames.every((n) => n.includes("/staging/")), "secret names carry the environment");
    need(m, !prodNames.some((n) => stagingNames.includes(n)), "no secret shared between staging and prod");
    need(
      m,
      prod.ofType(T.kmsKey).every((k) => tagged(k, "environment", "prod")),
      "prod keys tagged prod",
    );
    void f;
    return m;
  },
  "ENV-2": ({ prod }, f) =>
    appContainers(prod).some((d) => (d.environment ?? []).some((e: any) => e.name === f.runtimeFlag.name && e.value === f.runtimeFlag.value))
      ? []
      : [`${f.runtimeFlag.name}=${f.runtimeFlag.value} in prod`],
  "ENV-3": ({ prod }) =>
    containers(prod)
      .flatMap((d) => d.environment ?? [])
      .filter((e: any) => /^(PG_SSL_REJECT_UNAUTHORIZED|NODE_TLS_REJECT_UNAUTHORIZED|REDIS_TLS_REJECT_UNAUTHORIZED)$/.test(e.name) && /^(false|0)$/.test(e.value))
      .map((e: any) => `${e.name} must not disable TLS verification`),
  "ENV-4": ({ prod, staging }) => {
    const m: string[] = [];
    need(
      m,
      prod.ofType(T.rds).every((i) => i.inputs.deletionProtection === true),
      "deletion protection in prod",
    );
    need(
      m,
      prod.ofType(T.lb).every((lb) => lb.inputs.enableDeletionProtection === true),
      "load balancer deletion protection in prod",
    );
    const mode = (c: Capture) => rateRules(c).map((r) => Object.keys(r.action ?? {})[0]);
    need(
      m,
      mode(prod).every((a) => a === "block"),
      "WAF blocks in prod",
    );
    need(
      m,
      mode(staging).every((a) => a === "count"),
      "WAF counts first in staging",
    );
    need(
      m,
      prod.ofType(T.service).every((s) => s.inputs.enableExecuteCommand !== true),
      "ECS Exec off in prod",
    );
    return m;
  },
  "ENV-5": ({ prodMandatoryViolations }) => (prodMandatoryViolations === 0 ? [] : [`${prodMandatoryViolations} mandatory violations in the prod preview`]),
};

/** Which row an alarm metric of {@link AppFigures.alarms} evidences. */
export const ALARM_ROWS: Readonly<Record<string, string>> = {
  AuthFailures: "MON-2",
  UnauthorizedApiAccess: "MON-2",
  RateLimited: "MON-3",
  BlockedRequests: "MON-3",
  SqlInjectionAttempts: "MON-4",
  SecurityHeaderViolations: "MON-6",
  VirusDetected: "MON-6",
  DestructiveSql: "MON-6",
  AdminActions: "MON-6",
};

/** Rows an example README declares not met: `| ID | reason |` lines under a heading that says "not met". */
export function rowsNotMet(readme: string): Map<string, string> {
  const text = fs.readFileSync(readme, "utf8");
  const section = text.split(/^## /m).find((s) => /^[^\n]*not met/i.test(s)) ?? "";
  return new Map(
    section
      .split("\n")
      .filter((l) => /^\| [A-Z]+-\d+ \|/.test(l))
      .map((l) => {
        const [id, reason] = cells(l);
        return [id, reason];
      }),
  );
}

export const REQUIREMENTS_FILE = path.resolve(__dirname, "..", "..", "..", "shared", "requirements.md");
