import * as pulumi from "@pulumi/pulumi";
import { isPrivateIpv4Cidr, isWorldCidr, parseCidr } from "../shared/cidr";
import { ArgumentError, Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { certificateArn, topicArn, trustStoreArn } from "../shared/arn";
import { cidrRule } from "../shared/cidr";
import { awsId, matches } from "../shared/names";
import { bool, checkArgs, environment, input, list, num, obj, opt, record, req, Shape, str } from "../shared/shape";
import { ClientCertListenerArgs, LoadBalancerTarget, NetworkLoadBalancerArgs, NlbListenerArgs, SecureLoadBalancerArgs } from "./args";
import {
  ALARMS,
  ALLOWED_SSL_POLICIES,
  CLIENT_CERT_LISTENER_PORT,
  CLIENT_CERT_PURPOSE,
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_SSL_POLICY,
  deletionProtectionDefault,
  HEALTH_CHECK,
  MAX_VALUES_PER_CONDITION,
  MAX_VALUES_PER_RULE,
  RULE_PRIORITY_STEP,
} from "./defaults";

export type ResolvedTarget = Required<LoadBalancerTarget>;
export type ResolvedClientCertListener = ClientCertListenerArgs & { readonly port: number; readonly mode: string; readonly purpose: string; readonly ingressCidrs: readonly string[] };
export type ResolvedNetworkLoadBalancer = NetworkLoadBalancerArgs & { readonly sslPolicy: string };
export type ResolvedLoadBalancerArgs = SecureLoadBalancerArgs & {
  readonly extraHostNames: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly sslPolicy: string;
  readonly hstsPreload: boolean;
  readonly enableDeletionProtection: boolean;
  readonly idleTimeoutSeconds: number;
  readonly accessLogRetentionDays: number;
  readonly latencyP95Seconds: number;
  readonly resolvedTargets: Readonly<Record<string, ResolvedTarget>>;
  readonly clientCert?: ResolvedClientCertListener;
  readonly nlb?: ResolvedNetworkLoadBalancer;
};

const HOST = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TARGET_NAME = /^[a-z][a-z0-9-]{0,15}$/;
/** ALB path patterns: up to 128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?; ours start with "/". */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/;
const isPort = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;
const CA_PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** The CA bundle problem, if any: it must hold at least one PEM certificate. */
function caBundleProblem(pem: unknown): string | undefined {
  return typeof pem === "string" && CA_PEM.test(pem) ? undefined : `${typeof pem === "string" ? `"${pem.slice(0, 40)}${pem.length > 40 ? "…" : ""}"` : String(pem)} holds no PEM certificate`;
}

/** The CA bundle as the bucket object's content; an Output is checked when it resolves, with the same error. */
export function checkedCaBundle(name: string, pem: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(pem).apply((v) => {
    const problem = caBundleProblem(v);
    if (problem) throw new ArgumentError("SecureLoadBalancer", name, [caBundleArgProblem(problem)]);
    return v;
  });
}

const caBundleArgProblem = (problem: string) => ({
  code: "LB_MTLS_CA_BUNDLE",
  arg: "clientCertListener.caBundlePem",
  problem,
  fix: "pass the PEM text of the CA certificate(s) that sign the client certificates.",
});

const cidrs = (code: string, world: boolean) => list(str(cidrRule(code, world ? {} : { world: false, worldCode: "DEVICE_CIDRS_WORLD" })), { unique: true });

/** Runtime shape of {@link SecureLoadBalancerArgs}. */
export const SHAPE: Shape<SecureLoadBalancerArgs> = {
  environment,
  appName: req(str(matches(/^[a-z][a-z0-9-]{1,23}$/, "APP_NAME", "an application name (2-24 lowercase letters, digits, hyphens)", '"shop"'))),
  vpcId: req(input(str(awsId("vpc", "VPC_ID")))),
  vpcCidr: req(str(cidrRule("VPC_CIDR", { private: true, publicCode: "VPC_CIDR" }))),
  subnetIds: req(input(list(input(str(awsId("subnet", "SUBNET_ID"))), { unique: true, min: 2, minCode: "SUBNETS", minFix: "pass the Network's publicSubnetIds (two or more AZs)." }))),
  ingressCidrs: req(cidrs("INGRESS_CIDR", true)),
  domainName: req(str()),
  extraHostNames: opt(list(str(), { unique: true })),
  hostedZoneId: opt(str(matches(/^Z[A-Z0-9]{1,31}$/, "HOSTED_ZONE_ID", "a Route 53 hosted zone id", '"Z0123456789ABCDEFGHIJ"'))),
  certificateArn: opt(input(str(certificateArn()))),
  sslPolicy: opt(str()),
  hstsPreload: opt(bool),
  contentSecurityPolicy: opt(str()),
  targets: req(
    record(
      obj<LoadBalancerTarget>({
        port: req(num()),
        healthCheckPath: req(str()),
        hosts: opt(list(str(), { unique: true })),
        paths: opt(list(str(), { unique: true })),
        healthCheckMatcher: opt(str(matches(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "HEALTH_MATCHER", "HTTP codes such as 200-399", '"200-399"'))),
        priority: opt(num()),
      }),
    ),
  ),
  enableDeletionProtection: opt(bool),
  idleTimeoutSeconds: opt(num()),
  accessLogRetentionDays: opt(num()),
  clientCertListener: opt(
    obj<ClientCertListenerArgs>({
      port: opt(num()),
      targets: req(list(str(), { unique: true })),
      caBundlePem: opt(input(str())),
      trustStoreArn: opt(input(str(trustStoreArn()))),
      mode: opt(str()),
      purpose: opt(str()),
      ingressCidrs: req(cidrs("DEVICE_CIDRS", false), "DEVICE_CIDRS"),
    }),
  ),
  networkLoadBalancer: opt(
    obj<NetworkLoadBalancerArgs>({
      listeners: req(record(obj<NlbListenerArgs>({ port: req(num()), targetPort: req(num()) }))),
      ingressCidrs: req(cidrs("DEVICE_CIDRS", false), "DEVICE_CIDRS"),
      sslPolicy: opt(str()),
    }),
  ),
  alarmTopicArn: opt(input(str(topicArn()))),
  latencyP95Seconds: opt(num()),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: SecureLoadBalancerArgs): SecureLoadBalancerArgs => checkArgs("SecureLoadBalancer", "LB", name, args, SHAPE);

export function withDefaults(args: SecureLoadBalancerArgs): ResolvedLoadBalancerArgs {
  const extraHostNames = args.extraHostNames ?? [];
  const allowedHosts = [...new Set([args.domainName, ...extraHostNames])];
  const names = Object.keys(args.targets ?? {}).sort();
  const resolvedTargets = Object.fromEntries(
    names.map((n, i): [string, ResolvedTarget] => {
      const t = args.targets[n];
      return [
        n,
        {
          port: t.port,
          healthCheckPath: t.healthCheckPath,
          hosts: t.hosts ?? allowedHosts,
          paths: t.paths ?? [],
          healthCheckMatcher: t.healthCheckMatcher ?? HEALTH_CHECK.matcher,
          priority: t.priority ?? RULE_PRIORITY_STEP * (i + 1),
        },
      ];
    }),
  );
  const c = args.clientCertListener;
  const n = args.networkLoadBalancer;
  return {
    ...args,
    extraHostNames,
    allowedHosts,
    sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
    hstsPreload: args.hstsPreload ?? false,
    enableDeletionProtection: args.enableDeletionProtection ?? deletionProtectionDefault(args.environment),
    idleTimeoutSeconds: args.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS,
    accessLogRetentionDays: args.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
    latencyP95Seconds: args.latencyP95Seconds ?? ALARMS.latencyP95Seconds,
    resolvedTargets,
    ...(c ? { clientCert: { ...c, port: c.port ?? CLIENT_CERT_LISTENER_PORT, mode: c.mode ?? "verify", purpose: c.purpose ?? CLIENT_CERT_PURPOSE, ingressCidrs: c.ingressCidrs } } : {}),
    ...(n ? { nlb: { ...n, ingressCidrs: n.ingressCidrs, sslPolicy: n.sslPolicy ?? DEFAULT_SSL_POLICY } } : {}),
  };
}

function checkCidrs(p: Problems, arg: string, cidrs: readonly string[]): void {
  p.check(!Array.isArray(cidrs) || cidrs.length === 0, "LB_INGRESS_EMPTY", arg, "no CIDR may reach the listener", 'list the client CIDRs, or "0.0.0.0/0" for a public endpoint.');
  (Array.isArray(cidrs) ? cidrs : []).forEach((c, i) => p.check(!parseCidr(c), "LB_INGRESS_CIDR", `${arg}[${i}]`, `"${c}" is not a CIDR block`, "write it as a.b.c.d/n."));
}

/**
 * Device ports (client-certificate listener, network load balancer) admit the devices' networks only: the world
 * may reach TCP 80 and 443 and nothing else (NET-2; the pack's ec2-security-group-no-world-ingress).
 */
function checkDeviceCidrs(p: Problems, arg: string, cidrs: readonly string[] | undefined): void {
  p.check(
    cidrs === undefined,
    "LB_DEVICE_CIDRS",
    arg,
    "no device networks given; the listener would have to be open to the world on a port other than 443",
    "list the CIDRs the devices connect from (their sites' public ranges or a VPN range).",
  );
  if (cidrs === undefined) return;
  checkCidrs(p, arg, cidrs);
  (Array.isArray(cidrs) ? cidrs : []).forEach((c, i) =>
    p.check(
      typeof c === "string" && isWorldCidr(c),
      "LB_DEVICE_CIDRS_WORLD",
      `${arg}[${i}]`,
      `"${c}" admits the whole internet to a device port; only 80 and 443 may be open to the world`,
      "list the devices' own networks; authenticate them with client certificates on top.",
    ),
  );
}

export function validate(name: string, a: ResolvedLoadBalancerArgs): ResolvedLoadBalancerArgs {
  checkEnvironment("SecureLoadBalancer", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(
    !(ALLOWED_SSL_POLICIES as readonly string[]).includes(a.sslPolicy),
    "LB_SSL_POLICY",
    "sslPolicy",
    `"${a.sslPolicy}" is not an allowed TLS policy (TLS 1.2+ with forward secrecy)`,
    `use one of ${ALLOWED_SSL_POLICIES.join(", ")}.`,
  );
  checkCidrs(p, "ingressCidrs", a.ingressCidrs);
  p.check(
    a.environment === "prod" && !a.hostedZoneId && !a.certificateArn,
    "LB_CERT_VALIDATION",
    "hostedZoneId",
    "a prod load balancer has neither a hosted zone for the certificate's DNS validation records nor an existing certificate, so the deployment would wait for validation until it times out",
    "pass hostedZoneId (the Route 53 zone of domainName) or certificateArn (an issued or imported ACM certificate).",
  );
  p.check(
    Array.isArray(a.subnetIds) && a.subnetIds.length < 2,
    "LB_SUBNETS",
    "subnetIds",
    `${Array.isArray(a.subnetIds) ? a.subnetIds.length : 0} subnet(s); an ALB needs public subnets in at least two AZs`,
    "pass the Network's publicSubnetIds.",
  );
  p.check(!(a.latencyP95Seconds > 0), "LB_LATENCY_THRESHOLD", "latencyP95Seconds", `${a.latencyP95Seconds} is not a positive number of seconds`, "set the p95 latency your users accept, e.g. 1.5.");
  p.check(!isPrivateIpv4Cidr(a.vpcCidr), "LB_VPC_CIDR", "vpcCidr", `"${a.vpcCidr}" is not a private IPv4 block`, "pass the VPC's CIDR (Network.vpcCidr).");
  a.allowedHosts.forEach((h, i) =>
    p.check(!HOST.test(h), "LB_HOST_NAME", i === 0 ? "domainName" : `extraHostNames[${i - 1}]`, `"${h}" is not a lowercase DNS name`, "use names such as app.example.com."),
  );
  p.check(
    a.contentSecurityPolicy !== undefined && a.contentSecurityPolicy.trim() === "",
    "LB_CSP_EMPTY",
    "contentSecurityPolicy",
    "an empty Content-Security-Policy would be sent on every response",
    "leave contentSecurityPolicy unset (the app sends CSP) or give a policy.",
  );
  p.check(
    !Number.isInteger(a.idleTimeoutSeconds) || a.idleTimeoutSeconds < 1 || a.idleTimeoutSeconds > 4000,
    "LB_IDLE_TIMEOUT",
    "idleTimeoutSeconds",
    `${a.idleTimeoutSeconds} is outside 1–4000 seconds`,
    "use a whole number of seconds from 1 to 4000.",
  );
  p.check(
    !Number.isInteger(a.accessLogRetentionDays) || a.accessLogRetentionDays < 1,
    "LB_LOG_RETENTION",
    "accessLogRetentionDays",
    `${a.accessLogRetentionDays} is not a positive whole number of days`,
    "keep access logs at least 90 days (default 365).",
  );
  p.check(
    a.environment === "prod" && !a.enableDeletionProtection,
    "LB_PROD_DELETION_PROTECTION",
    "enableDeletionProtection",
    "a prod load balancer without deletion protection can be removed by one mistaken update",
    "leave enableDeletionProtection unset (true in prod).",
  );
  if (a.clientCert) validateClientCert(p, a, a.clientCert);
  if (a.nlb) validateNlb(p, a.nlb);
  const names = Object.keys(a.resolvedTargets);
  p.check(names.length === 0, "LB_NO_TARGETS", "targets", "no target is defined, so every request gets the 404 default", 'add one, e.g. { app: { port: 8000, healthCheckPath: "/health" } }.');
  const priorities = new Map<number, string>();
  for (const n of names) {
    const t = a.resolvedTargets[n];
    p.check(!TARGET_NAME.test(n), "LB_TARGET_NAME", `targets.${n}`, "target names must be 1–16 lowercase letters, digits or hyphens starting with a letter", "rename the key, e.g. app or api.");
    p.check(!Number.isInteger(t.port) || t.port < 1 || t.port > 65535, "LB_TARGET_PORT", `targets.${n}.port`, `${t.port} is not a TCP port`, "use the container port, e.g. 8000.");
    p.check(
      !/^\/[\x21-\x7e]{0,1023}$/.test(t.healthCheckPath),
      "LB_HEALTH_PATH",
      `targets.${n}.healthCheckPath`,
      `"${t.healthCheckPath}" is not an absolute path`,
      'use the app\'s health endpoint, e.g. "/health".',
    );
    p.check(
      t.hosts.length === 0 || t.hosts.length > MAX_VALUES_PER_CONDITION,
      "LB_TARGET_HOSTS",
      `targets.${n}.hosts`,
      `${t.hosts.length} host names; a host-header condition takes 1 to ${MAX_VALUES_PER_CONDITION}`,
      "split the hosts over several targets or list fewer.",
    );
    p.check(
      !Array.isArray(t.paths) || t.paths.length > MAX_VALUES_PER_CONDITION,
      "LB_TARGET_PATHS",
      `targets.${n}.paths`,
      `${Array.isArray(t.paths) ? t.paths.length : String(t.paths)} path patterns; a path-pattern condition takes up to ${MAX_VALUES_PER_CONDITION}`,
      "split the paths over several targets or use a wildcard such as /api/*.",
    );
    (Array.isArray(t.paths) ? t.paths : []).forEach((path, i) =>
      p.check(
        typeof path !== "string" || !PATH_PATTERN.test(path),
        "LB_TARGET_PATHS",
        `targets.${n}.paths[${i}]`,
        `"${path}" is not an ALB path pattern`,
        'start it with "/" and use up to 128 of A-Z a-z 0-9 _ - . $ / ~ " \' @ : + & * ?, e.g. "/api/*".',
      ),
    );
    p.check(
      t.hosts.length <= MAX_VALUES_PER_CONDITION && Array.isArray(t.paths) && t.paths.length <= MAX_VALUES_PER_CONDITION && t.hosts.length + t.paths.length > MAX_VALUES_PER_RULE,
      "LB_RULE_VALUES",
      `targets.${n}`,
      `${t.hosts.length} hosts + ${t.paths.length} paths; a listener rule takes at most ${MAX_VALUES_PER_RULE} values`,
      "list fewer hosts or paths, or split the target.",
    );
    t.hosts
      .filter((h) => !a.allowedHosts.includes(h))
      .forEach((h) => p.add("LB_HOST_NOT_ALLOWED", `targets.${n}.hosts`, `"${h}" is not an allowed host (domainName or extraHostNames)`, "add it to extraHostNames or remove it from the target."));
    p.check(
      !Number.isInteger(t.priority) || t.priority < 1 || t.priority > 50000,
      "LB_RULE_PRIORITY",
      `targets.${n}.priority`,
      `${t.priority} is outside 1–50000`,
      "pick a free priority from 1 to 50000.",
    );
    if (priorities.has(t.priority)) p.add("LB_RULE_PRIORITY", `targets.${n}.priority`, `priority ${t.priority} is also used by ${priorities.get(t.priority)}`, "give each target its own priority.");
    priorities.set(t.priority, n);
  }
  // A rule without paths matches every path of its hosts; one evaluated earlier hides later path rules there.
  for (const n of names) {
    const t = a.resolvedTargets[n];
    if (!Array.isArray(t.paths) || t.paths.length === 0) continue;
    for (const other of names) {
      const o = a.resolvedTargets[other];
      const shared = o.hosts.filter((h) => t.hosts.includes(h));
      if (other !== n && Array.isArray(o.paths) && o.paths.length === 0 && o.priority < t.priority && shared.length) {
        p.add(
          "LB_RULE_SHADOWED",
          `targets.${n}.priority`,
          `priority ${t.priority} comes after ${other} (${o.priority}), which takes every path of ${shared.join(", ")}, so ${n}'s paths never match`,
          `give ${n} a priority below ${o.priority}.`,
        );
      }
    }
  }
  p.throwIfAny("SecureLoadBalancer", name);
  return a;
}

function validateClientCert(p: Problems, a: ResolvedLoadBalancerArgs, c: ResolvedClientCertListener): void {
  const has = (v: unknown) => v !== undefined && v !== null && v !== "";
  p.check(
    !has(c.caBundlePem) && !has(c.trustStoreArn),
    "LB_MTLS_TRUST_STORE",
    "clientCertListener",
    "a client-certificate listener without a trust store cannot verify any client",
    "pass caBundlePem (the CA that signs the device certificates) or trustStoreArn.",
  );
  p.check(
    has(c.caBundlePem) && has(c.trustStoreArn),
    "LB_MTLS_TRUST_STORE",
    "clientCertListener",
    "both caBundlePem and trustStoreArn are given, so it is unclear which CA the listener trusts",
    "pass only one of them.",
  );
  if (typeof c.caBundlePem === "string") {
    const problem = caBundleProblem(c.caBundlePem);
    if (problem) p.add(caBundleArgProblem(problem).code, caBundleArgProblem(problem).arg, problem, caBundleArgProblem(problem).fix);
  }
  p.check(c.mode !== "verify", "LB_MTLS_MODE", "clientCertListener.mode", `"${c.mode}" does not verify client certificates`, 'leave mode unset or set "verify".');
  p.check(
    !isPort(c.port) || c.port === 80 || c.port === 443,
    "LB_MTLS_PORT",
    "clientCertListener.port",
    `${c.port} is not a free TCP port (80 and 443 serve browsers)`,
    "use a port of its own, e.g. 8443.",
  );
  p.check(
    typeof c.purpose !== "string" || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(c.purpose),
    "LB_MTLS_PURPOSE",
    "clientCertListener.purpose",
    `"${c.purpose}" is not a lowercase tag value`,
    'use e.g. "camera-ingest".',
  );
  p.check(
    !Array.isArray(c.targets) || c.targets.length === 0,
    "LB_MTLS_TARGETS",
    "clientCertListener.targets",
    "the listener forwards to no target, so every device gets the 404 default",
    'name the targets it serves, e.g. ["ingest"].',
  );
  (Array.isArray(c.targets) ? c.targets : []).forEach((t, i) =>
    p.check(
      !(t in a.resolvedTargets),
      "LB_MTLS_TARGETS",
      `clientCertListener.targets[${i}]`,
      `"${t}" is not a key of targets`,
      `use one of ${Object.keys(a.resolvedTargets).join(", ") || "the target names"}.`,
    ),
  );
  checkDeviceCidrs(p, "clientCertListener.ingressCidrs", c.ingressCidrs);
}

function validateNlb(p: Problems, n: ResolvedNetworkLoadBalancer): void {
  p.check(
    !(ALLOWED_SSL_POLICIES as readonly string[]).includes(n.sslPolicy),
    "LB_SSL_POLICY",
    "networkLoadBalancer.sslPolicy",
    `"${n.sslPolicy}" is not an allowed TLS policy (TLS 1.2+ with forward secrecy)`,
    `use one of ${ALLOWED_SSL_POLICIES.join(", ")}.`,
  );
  const names = Object.keys(n.listeners ?? {});
  p.check(
    names.length === 0,
    "LB_NLB_LISTENERS",
    "networkLoadBalancer.listeners",
    "a network load balancer without listeners serves nothing",
    "add one, e.g. { rtsps: { port: 322, targetPort: 8554 } }, or drop networkLoadBalancer.",
  );
  const ports = new Map<number, string>();
  for (const key of names) {
    const l = n.listeners[key];
    p.check(
      !TARGET_NAME.test(key),
      "LB_TARGET_NAME",
      `networkLoadBalancer.listeners.${key}`,
      "listener names must be 1–16 lowercase letters, digits or hyphens starting with a letter",
      "rename the key, e.g. rtsps.",
    );
    p.check(!isPort(l.port), "LB_NLB_PORT", `networkLoadBalancer.listeners.${key}.port`, `${l.port} is not a TCP port`, "use the port clients connect to, e.g. 322.");
    p.check(!isPort(l.targetPort), "LB_TARGET_PORT", `networkLoadBalancer.listeners.${key}.targetPort`, `${l.targetPort} is not a TCP port`, "use the container port, e.g. 8554.");
    if (ports.has(l.port)) p.add("LB_NLB_PORT", `networkLoadBalancer.listeners.${key}.port`, `port ${l.port} is also used by ${ports.get(l.port)}`, "give each listener its own port.");
    ports.set(l.port, key);
  }
  checkDeviceCidrs(p, "networkLoadBalancer.ingressCidrs", n.ingressCidrs);
}
