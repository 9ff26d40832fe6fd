import { isPrivateIpv4Cidr, parseCidr } from "../shared/cidr";
import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { LoadBalancerTarget, SecureLoadBalancerArgs } from "./args";
import {
  ALARMS,
  ALLOWED_SSL_POLICIES,
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_SSL_POLICY,
  deletionProtectionDefault,
  HEALTH_CHECK,
  MAX_HOSTS_PER_RULE,
  RULE_PRIORITY_STEP,
} from "./defaults";

export type ResolvedTarget = Required<LoadBalancerTarget>;
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
};

const HOST = /^(\*\.)?(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TARGET_NAME = /^[a-z][a-z0-9-]{0,15}$/;

export function withDefaults(args: SecureLoadBalancerArgs): ResolvedLoadBalancerArgs {
  const extraHostNames = args.extraHostNames ?? [];
  const allowedHosts = [...new Set([args.domainName, ...extraHostNames])];
  const names = Object.keys(args.targets ?? {}).sort();
  const resolvedTargets = Object.fromEntries(
    names.map((n, i): [string, ResolvedTarget] => {
      const t = args.targets[n];
      return [n, { port: t.port, healthCheckPath: t.healthCheckPath, hosts: t.hosts ?? allowedHosts, healthCheckMatcher: t.healthCheckMatcher ?? HEALTH_CHECK.matcher, priority: t.priority ?? RULE_PRIORITY_STEP * (i + 1) }];
    }),
  );
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
  };
}

export function validate(name: string, a: ResolvedLoadBalancerArgs): ResolvedLoadBalancerArgs {
  checkEnvironment("SecureLoadBalancer", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(!(ALLOWED_SSL_POLICIES as readonly string[]).includes(a.sslPolicy), "LB_SSL_POLICY", "sslPolicy", `"${a.sslPolicy}" is not an allowed TLS policy (TLS 1.2+ with forward secrecy)`, `use one of ${ALLOWED_SSL_POLICIES.join(", ")}.`);
  p.check(a.ingressCidrs.length === 0, "LB_INGRESS_EMPTY", "ingressCidrs", "no CIDR may reach the load balancer", 'list the client CIDRs, or "0.0.0.0/0" for a public site.');
  a.ingressCidrs.forEach((c, i) => p.check(!parseCidr(c), "LB_INGRESS_CIDR", `ingressCidrs[${i}]`, `"${c}" is not a CIDR block`, "write it as a.b.c.d/n."));
  p.check(Array.isArray(a.subnetIds) && a.subnetIds.length < 2, "LB_SUBNETS", "subnetIds", `${Array.isArray(a.subnetIds) ? a.subnetIds.length : 0} subnet(s); an ALB needs public subnets in at least two AZs`, "pass the Network's publicSubnetIds.");
  p.check(!(a.latencyP95Seconds > 0), "LB_LATENCY_THRESHOLD", "latencyP95Seconds", `${a.latencyP95Seconds} is not a positive number of seconds`, "set the p95 latency your users accept, e.g. 1.5.");
  p.check(!isPrivateIpv4Cidr(a.vpcCidr), "LB_VPC_CIDR", "vpcCidr", `"${a.vpcCidr}" is not a private IPv4 block`, "pass the VPC's CIDR (Network.vpcCidr).");
  a.allowedHosts.forEach((h, i) => p.check(!HOST.test(h), "LB_HOST_NAME", i === 0 ? "domainName" : `extraHostNames[${i - 1}]`, `"${h}" is not a lowercase DNS name`, "use names such as app.example.com."));
  p.check(a.contentSecurityPolicy !== undefined && a.contentSecurityPolicy.trim() === "", "LB_CSP_EMPTY", "contentSecurityPolicy", "an empty Content-Security-Policy would be sent on every response", "leave contentSecurityPolicy unset (the app sends CSP) or give a policy.");
  p.check(!Number.isInteger(a.idleTimeoutSeconds) || a.idleTimeoutSeconds < 1 || a.idleTimeoutSeconds > 4000, "LB_IDLE_TIMEOUT", "idleTimeoutSeconds", `${a.idleTimeoutSeconds} is outside 1–4000 seconds`, "use a whole number of seconds from 1 to 4000.");
  p.check(!Number.isInteger(a.accessLogRetentionDays) || a.accessLogRetentionDays < 1, "LB_LOG_RETENTION", "accessLogRetentionDays", `${a.accessLogRetentionDays} is not a positive whole number of days`, "keep access logs at least 90 days (default 365).");
  p.check(a.environment === "prod" && !a.enableDeletionProtection, "LB_PROD_DELETION_PROTECTION", "enableDeletionProtection", "a prod load balancer without deletion protection can be removed by one mistaken update", "leave enableDeletionProtection unset (true in prod).");
  p.check(a.mutualTls !== undefined && a.mutualTls.mode !== "verify", "LB_MTLS_MODE", "mutualTls.mode", `"${a.mutualTls?.mode}" does not verify client certificates`, 'set mode: "verify".');
  const names = Object.keys(a.resolvedTargets);
  p.check(names.length === 0, "LB_NO_TARGETS", "targets", "no target is defined, so every request gets the 404 default", 'add one, e.g. { app: { port: 8000, healthCheckPath: "/health" } }.');
  const priorities = new Map<number, string>();
  for (const n of names) {
    const t = a.resolvedTargets[n];
    p.check(!TARGET_NAME.test(n), "LB_TARGET_NAME", `targets.${n}`, "target names must be 1–16 lowercase letters, digits or hyphens starting with a letter", "rename the key, e.g. app or api.");
    p.check(!Number.isInteger(t.port) || t.port < 1 || t.port > 65535, "LB_TARGET_PORT", `targets.${n}.port`, `${t.port} is not a TCP port`, "use the container port, e.g. 8000.");
    p.check(!/^\/[\x21-\x7e]{0,1023}$/.test(t.healthCheckPath), "LB_HEALTH_PATH", `targets.${n}.healthCheckPath`, `"${t.healthCheckPath}" is not an absolute path`, 'use the app\'s health endpoint, e.g. "/health".');
    p.check(t.hosts.length === 0 || t.hosts.length > MAX_HOSTS_PER_RULE, "LB_TARGET_HOSTS", `targets.${n}.hosts`, `${t.hosts.length} host names; a rule takes 1 to ${MAX_HOSTS_PER_RULE}`, "split the hosts over several targets or list fewer.");
    t.hosts.filter((h) => !a.allowedHosts.includes(h)).forEach((h) => p.add("LB_HOST_NOT_ALLOWED", `targets.${n}.hosts`, `"${h}" is not an allowed host (domainName or extraHostNames)`, "add it to extraHostNames or remove it from the target."));
    p.check(!Number.isInteger(t.priority) || t.priority < 1 || t.priority > 50000, "LB_RULE_PRIORITY", `targets.${n}.priority`, `${t.priority} is outside 1–50000`, "pick a free priority from 1 to 50000.");
    if (priorities.has(t.priority)) p.add("LB_RULE_PRIORITY", `targets.${n}.priority`, `priority ${t.priority} is also used by ${priorities.get(t.priority)}`, "give each target its own priority.");
    priorities.set(t.priority, n);
  }
  p.throwIfAny("SecureLoadBalancer", name);
  return a;
}
