/** Network controls: security groups, subnets, flow logs and the default security group (NET-*, DB-4, CACHE-3). */
import { asArray, coversPort, isPrivateCidr, isUnknown, isWorld, lower, peek, pointsAt, raw, referencesResource, resourcePolicy, stackPolicy, undecided } from "./lib";

/** Only these TCP ports may be open to the world, and only for load balancers (NET-2). */
export const WORLD_OPEN_PORTS = [80, 443] as const;
/** Ports named in findings because the seeds' data tier listens on them. */
const NAMED_PORTS: Record<number, string> = { 5432: "PostgreSQL", 6379: "Redis", 22: "SSH", 3389: "RDP", 3310: "ClamAV", 8000: "the app" };

interface IngressRule {
  protocol: unknown;
  from: unknown;
  to: unknown;
  cidrs: unknown[];
}

/** Every ingress permission a resource of one of the SG types grants. */
export function ingressRules(type: string, props: any): IngressRule[] {
  switch (type) {
    case "aws:ec2/securityGroup:SecurityGroup":
      return asArray(peek(props, "ingress")).map((r: any) => ({ protocol: r.protocol, from: r.fromPort, to: r.toPort, cidrs: [...asArray(r.cidrBlocks), ...asArray(r.ipv6CidrBlocks)] }));
    case "aws:ec2/securityGroupRule:SecurityGroupRule":
      if (peek(props, "type") !== "ingress" && !isUnknown(peek(props, "type"))) return []; // an unknown type is read as ingress
      return [
        { protocol: peek(props, "protocol"), from: peek(props, "fromPort"), to: peek(props, "toPort"), cidrs: [...asArray(peek(props, "cidrBlocks")), ...asArray(peek(props, "ipv6CidrBlocks"))] },
      ];
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      return [{ protocol: peek(props, "ipProtocol"), from: peek(props, "fromPort"), to: peek(props, "toPort"), cidrs: [peek(props, "cidrIpv4"), peek(props, "cidrIpv6")].filter(Boolean) }];
    default:
      return [];
  }
}

/** IP protocol names and numbers as the EC2 API and the provider accept them (any case), by canonical name. */
const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", tcp: "tcp", "6": "tcp", udp: "udp", "17": "udp", icmp: "icmp", "1": "icmp", icmpv6: "icmpv6", "58": "icmpv6" };

function protocolOf(protocol: unknown): string {
  const p = String(protocol ?? "")
    .trim()
    .toLowerCase();
  return PROTOCOLS[p] ?? p;
}

/**
 * What a rule admits beyond TCP 80 and 443, as the first such port (named ports first) and words for the finding;
 * undefined when it admits nothing else. Every protocol but TCP, and every TCP port but 80 and 443, counts, whatever
 * its number: a missing or out-of-range TCP port range is read as every port, as EC2 reads -1.
 */
export function beyondWeb(rule: IngressRule): { port?: number; what: string } | undefined {
  const protocol = protocolOf(rule.protocol);
  if (protocol === "all") return { port: 22, what: "all traffic" };
  const range = (from: unknown, to: unknown) => (from === to ? `${from}` : `${from}-${to}`);
  if (protocol !== "tcp") return { what: `protocol ${protocol}${rule.from !== undefined && rule.from !== null ? ` ${range(rule.from, rule.to)}` : ""}` };
  const f = Number(rule.from);
  const t = Number(rule.to);
  const whole = !Number.isInteger(f) || !Number.isInteger(t) || f < 0 || t < 0 || rule.from === null || rule.to === null;
  const [lo, hi] = whole ? [0, 65535] : [Math.min(f, t), Math.max(f, t)];
  const web = WORLD_OPEN_PORTS as readonly number[];
  if (lo === hi && web.includes(lo)) return undefined;
  const named = Object.keys(NAMED_PORTS)
    .map(Number)
    .find((p) => lo <= p && p <= hi);
  const port = named ?? (web.includes(lo) ? lo + 1 : lo);
  return { port, what: whole ? "every TCP port" : `port ${range(lo, hi)}` };
}

export const SG_TYPES = ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"] as const;

export const sgNoWorldIngress = resourcePolicy({
  name: "ec2-security-group-no-world-ingress",
  description: "Ingress from 0.0.0.0/0 or ::/0 is allowed only on TCP 80 and 443; databases, caches and tasks admit security groups or private CIDRs.",
  types: SG_TYPES,
  severity: "critical",
  category: "security",
  controls: ["NET-2", "DB-4", "CACHE-3"],
  fsbp: ["EC2.18", "EC2.19", "EC2.53", "EC2.54"],
  remediation: "replace the 0.0.0.0/0 or ::/0 source with the security group of the caller (sourceSecurityGroupId / referencedSecurityGroupId) or a private CIDR.",
  validate: (r, report) => {
    for (const rule of ingressRules(r.type, r.props)) {
      const world = rule.cidrs.filter(isWorld);
      if (world.length === 0) continue;
      if ([rule.protocol, rule.from, rule.to].some(isUnknown)) undecided(r.type === SG_TYPES[0] ? "ingress" : "fromPort", "the protocol or port range comes from a resource not yet created");
      const open = beyondWeb(rule);
      if (!open) continue;
      const named = open.port !== undefined ? NAMED_PORTS[open.port] : undefined;
      const note = named ? (open.what === `port ${open.port}` ? ` (${named})` : ` (includes ${named} ${open.port})`) : "";
      report(`Security group rule admits ${world.join(" and ")} on ${open.what}${note}: anyone on the internet can reach the service behind it; only TCP 80 and 443 may be open to the world.`);
    }
  },
});

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const VPC_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const VPC_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
/** Every resource type that writes a security group rule, inline or standalone. */
export const SG_RULE_WRITERS = [SECURITY_GROUP, SG_RULE, VPC_INGRESS, VPC_EGRESS] as const;

interface AnyRule extends IngressRule {
  direction: "ingress" | "egress";
  description: unknown;
}

/** Every rule a security group resource writes, in either direction, with its description. */
export function allRules(type: string, props: any): AnyRule[] {
  const inline = (direction: "ingress" | "egress") =>
    asArray(peek(props, direction))
      .map(raw)
      .map((r: any) => ({ direction, protocol: r?.protocol, from: r?.fromPort, to: r?.toPort, cidrs: [...asArray(r?.cidrBlocks), ...asArray(r?.ipv6CidrBlocks)], description: r?.description }));
  switch (type) {
    case SECURITY_GROUP:
      return [...inline("ingress"), ...inline("egress")];
    case SG_RULE:
      return [
        {
          direction: lower(peek(props, "type")) === "egress" ? "egress" : "ingress",
          protocol: peek(props, "protocol"),
          from: peek(props, "fromPort"),
          to: peek(props, "toPort"),
          cidrs: [...asArray(peek(props, "cidrBlocks")), ...asArray(peek(props, "ipv6CidrBlocks"))],
          description: peek(props, "description"),
        },
      ];
    case VPC_INGRESS:
    case VPC_EGRESS:
      return [
        {
          direction: type === VPC_EGRESS ? "egress" : "ingress",
          protocol: peek(props, "ipProtocol"),
          from: peek(props, "fromPort"),
          to: peek(props, "toPort"),
          cidrs: [peek(props, "cidrIpv4"), peek(props, "cidrIpv6")].filter(Boolean),
          description: peek(props, "description"),
        },
      ];
    default:
      return [];
  }
}

export const sgRuleDescription = resourcePolicy({
  name: "ec2-security-group-rule-description",
  description: "Every security group rule, inline (ingress and egress) or standalone, says why it exists (description). Advisory in every stack: hygiene that helps review, not a control.",
  types: SG_RULE_WRITERS,
  severity: "low",
  category: "security",
  advisoryInEveryStack: true,
  controls: ["NET-2", "NET-3"],
  enforcementLevel: "advisory",
  checkov: ["CKV_AWS_23"],
  remediation: 'set description on each rule to who it admits and why (e.g. "Load balancer to app on 8000").',
  validate: (r, report) => {
    const missing = allRules(r.type, r.props).filter((rule) => !isUnknown(rule.description) && (typeof rule.description !== "string" || rule.description.trim() === ""));
    if (missing.length)
      report(
        `${missing.length === 1 ? `${missing[0].direction === "egress" ? "An egress" : "An ingress"} rule has` : `${missing.length} rules have`} no description: a reviewer cannot tell which of them are still needed, so stale openings stay.`,
      );
  },
});

/** True when a rule covers every port of its protocol: all protocols, or a TCP/UDP range from 0 (or unset) to 65535. */
function everyPort(rule: IngressRule): boolean {
  const protocol = protocolOf(rule.protocol);
  if (protocol === "all") return true;
  if (protocol !== "tcp" && protocol !== "udp") return false;
  const f = Number(rule.from);
  const t = Number(rule.to);
  return rule.from === undefined || rule.from === null || rule.to === undefined || rule.to === null || (Math.min(f, t) <= 0 && Math.max(f, t) >= 65535) || f < 0 || t < 0;
}

export const sgNoWorldEgressAllPorts = resourcePolicy({
  name: "ec2-security-group-no-world-egress-all-ports",
  description:
    "No security group rule allows egress to 0.0.0.0/0 or ::/0 on every port (protocol -1, or TCP/UDP 0-65535); egress to the internet names its ports (HTTPS 443). Advisory in every stack (NET-3: security groups cannot filter by host name, so some workloads need wide egress).",
  types: SG_RULE_WRITERS,
  severity: "medium",
  category: "security",
  advisoryInEveryStack: true,
  controls: ["NET-3"],
  enforcementLevel: "advisory",
  checkov: ["CKV_AWS_382"],
  remediation: "replace the all-ports rule with egress on the ports the workload needs (443 to the internet, the database port to its security group); HardenedService takes them in its egress arg.",
  validate: (r, report) => {
    for (const rule of allRules(r.type, r.props).filter((x) => x.direction === "egress")) {
      const world = rule.cidrs.filter(isWorld);
      if (world.length && everyPort(rule))
        report(
          `Security group rule allows egress to ${world.join(" and ")} on every port${protocolOf(rule.protocol) === "all" ? " and protocol" : ""}: a compromised workload can reach any host on the internet to exfiltrate data or fetch tools.`,
        );
    }
  },
});

export const subnetNoAutoPublicIp = resourcePolicy({
  name: "ec2-subnet-no-auto-public-ip",
  description: "Subnets do not assign public IPv4 addresses on launch.",
  types: ["aws:ec2/subnet:Subnet"],
  severity: "medium",
  category: "security",
  controls: ["NET-1"],
  fsbp: ["EC2.15"],
  checkov: ["CKV_AWS_130"],
  remediation: "set mapPublicIpOnLaunch: false; only load balancers and NAT gateways belong in public subnets and need no auto-assigned address.",
  validate: (r, report) => {
    if (peek(r.props, "mapPublicIpOnLaunch") === true) report("Subnet assigns a public IP to everything launched in it.");
  },
});

export const defaultSgClosed = resourcePolicy({
  name: "ec2-default-security-group-closed",
  description: "A managed default security group has no ingress and no egress rules.",
  types: ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"],
  severity: "high",
  category: "security",
  controls: ["NET-2"],
  fsbp: ["EC2.2"],
  checkov: ["CKV2_AWS_12"],
  remediation: "set ingress: [] and egress: [] on the DefaultSecurityGroup; give workloads their own groups.",
  validate: (r, report) => {
    if (asArray(peek(r.props, "ingress")).length || asArray(peek(r.props, "egress")).length) report("The VPC's default security group has rules, so anything launched without a group gets them.");
  },
});

export const vpcFlowLogs = stackPolicy({
  name: "ec2-vpc-flow-logs-and-closed-default-sg",
  description: "Every VPC has a flow log and a managed default security group with no rules.",
  severity: "medium",
  category: "security",
  controls: ["NET-1", "LOG-5"],
  fsbp: ["EC2.6", "EC2.2"],
  checkov: ["CKV2_AWS_11", "CKV2_AWS_12"],
  remediation: "use the Network component, or add an aws.ec2.FlowLog (trafficType ALL) and an aws.ec2.DefaultSecurityGroup with no rules for the VPC.",
  validate: (resources, report) => {
    const vpcs = resources.filter((r) => r.type === "aws:ec2/vpc:Vpc");
    for (const vpc of vpcs) {
      const flow = resources.some((r) => r.type === "aws:ec2/flowLog:FlowLog" && referencesResource(r, "vpcId", vpc, ["id"]));
      const dsg = resources.some((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" && referencesResource(r, "vpcId", vpc, ["id"]));
      if (!flow) report(`VPC ${vpc.name} has no flow log, so rejected and accepted traffic leaves no trace.`, vpc.urn);
      if (!dsg) report(`VPC ${vpc.name} keeps AWS's default security group, which admits all traffic between its members.`, vpc.urn);
    }
  },
});

// ---- network ACLs, interfaces, endpoints ----------------------------------------------------------------

const NACL = "aws:ec2/networkAcl:NetworkAcl";
const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
const NACL_RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const NACL_ASSOCIATION = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
/** Remote administration ports kept closed to the world at the subnet edge: SSH and RDP (FSBP EC2.21), FTP data and control. */
export const ADMIN_PORTS = [22, 3389, 20, 21] as const;
const ADMIN_PORT_NAMES: Record<number, string> = { 22: "SSH", 3389: "RDP", 20: "FTP data", 21: "FTP" };

/** The allow-ingress entries of a network ACL or ACL rule resource. */
function naclIngress(type: string, props: any): IngressRule[] {
  const allow = (action: unknown) => String(action).toLowerCase() === "allow";
  if (type === NACL_RULE) {
    if (peek(props, "egress") === true || !allow(peek(props, "ruleAction"))) return [];
    return [{ protocol: peek(props, "protocol"), from: peek(props, "fromPort"), to: peek(props, "toPort"), cidrs: [peek(props, "cidrBlock"), peek(props, "ipv6CidrBlock")].filter(Boolean) }];
  }
  return asArray(peek(props, "ingress"))
    .filter((e: any) => allow(e?.action))
    .map((e: any) => ({ protocol: e.protocol, from: e.fromPort, to: e.toPort, cidrs: [e.cidrBlock, e.ipv6CidrBlock].filter(Boolean) }));
}

export const naclNoAdminPortsFromWorld = resourcePolicy({
  name: "ec2-network-acl-no-admin-ports-from-world",
  description: "Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to SSH (22), RDP (3389) or FTP (20, 21).",
  types: [NACL, DEFAULT_NACL, NACL_RULE],
  severity: "medium",
  category: "security",
  controls: ["NET-2"],
  fsbp: ["EC2.21"],
  checkov: ["CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232"],
  remediation: "narrow the rule's cidrBlock to an administration network, or deny 20, 21, 22 and 3389 from the world before the allow (rule numbers are evaluated in order).",
  validate: (r, report) => {
    for (const rule of naclIngress(r.type, r.props)) {
      const world = rule.cidrs.find(isWorld);
      const port = ADMIN_PORTS.find((p) => coversPort(rule.protocol, rule.from, rule.to, p));
      if (world && port)
        report(
          `Network ACL allows ${world} to port ${port} (${ADMIN_PORT_NAMES[port]}): ${port === 20 || port === 21 ? "file transfer" : "remote administration"} is open to the internet at the subnet edge.`,
        );
    }
  },
});

export const naclAttached = stackPolicy({
  name: "ec2-network-acl-attached",
  description: "Every network ACL the stack creates is associated with at least one subnet.",
  severity: "low",
  category: "security",
  controls: ["NET-1"],
  fsbp: ["EC2.16"],
  checkov: ["CKV2_AWS_1"],
  remediation: "list the subnets in subnetIds or add an aws.ec2.NetworkAclAssociation; delete an ACL that guards nothing.",
  validate: (resources, report) => {
    const associations = resources.filter((r) => r.type === NACL_ASSOCIATION);
    for (const acl of resources.filter((r) => r.type === NACL)) {
      if (asArray(peek(acl.props, "subnetIds")).length) continue; // an unknown list counts: it names subnets
      if (associations.some((a) => referencesResource(a, "networkAclId", acl, ["id"]))) continue;
      report(`Network ACL ${acl.name} is attached to no subnet: its rules guard nothing and mislead whoever reads them.`, acl.urn);
    }
  },
});

export const sourceDestCheck = resourcePolicy({
  name: "ec2-source-dest-check-enabled",
  description: "Network interfaces and instances keep source/destination checking on.",
  types: ["aws:ec2/networkInterface:NetworkInterface", "aws:ec2/instance:Instance"],
  severity: "medium",
  category: "security",
  controls: ["NET-1"],
  fsbp: ["EC2.180"],
  remediation: "leave sourceDestCheck unset (true); use managed NAT gateways instead of NAT instances.",
  validate: (r, report) => {
    if (peek(r.props, "sourceDestCheck") === false) report("Source/destination checking is off, so the interface forwards traffic that is neither from nor to it.");
  },
});

/** Interface endpoints every VPC needs by default: ECS Fargate tasks in private subnets pull images through them. */
export const DEFAULT_REQUIRED_ENDPOINTS = ["ecr.api", "ecr.dkr"] as const;
const ENDPOINT_CONTROLS: Record<string, string> = { "ecr.api": "EC2.55", "ecr.dkr": "EC2.56", ec2: "EC2.10", ssm: "EC2.57", "ssm-contacts": "EC2.58", "ssm-incidents": "EC2.60" };

export const vpcInterfaceEndpoints = stackPolicy({
  name: "ec2-vpc-interface-endpoints",
  description: `Every VPC has interface endpoints for the configured services (default: ${DEFAULT_REQUIRED_ENDPOINTS.join(", ")}), so private workloads reach them without the internet.`,
  severity: "medium",
  category: "security",
  controls: ["NET-1", "CTR-7"],
  fsbp: Object.values(ENDPOINT_CONTROLS),
  notes: Object.fromEntries(
    Object.entries(ENDPOINT_CONTROLS)
      .filter(([svc]) => !(DEFAULT_REQUIRED_ENDPOINTS as readonly string[]).includes(svc))
      .map(([svc, id]) => [id, `when its services config lists "${svc}"; off by default, as ECS Fargate workloads do not call that API`]),
  ),
  configSchema: { properties: { services: { type: "array", items: { type: "string" }, default: [...DEFAULT_REQUIRED_ENDPOINTS] } } },
  remediation: "add an aws.ec2.VpcEndpoint (vpcEndpointType Interface, privateDnsEnabled) per service (the Network component creates ecr.api, ecr.dkr, secretsmanager, logs, kms and sts).",
  validate: (resources, report, args) => {
    const services: string[] = (args.getConfig<{ services?: string[] }>()?.services ?? [...DEFAULT_REQUIRED_ENDPOINTS]).map(String);
    const endpoints = resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && String(peek(r.props, "vpcEndpointType") ?? "Gateway") === "Interface");
    for (const vpc of resources.filter((r) => r.type === "aws:ec2/vpc:Vpc")) {
      const mine = endpoints.filter((e) => referencesResource(e, "vpcId", vpc, ["id"]));
      const missing = services.filter((svc) => !mine.some((e) => String(peek(e.props, "serviceName") ?? "").endsWith(`.${svc}`)));
      if (missing.length) report(`VPC ${vpc.name} has no interface endpoint for ${missing.join(", ")}: private tasks reach those APIs only through a NAT gateway and the internet.`, vpc.urn);
    }
  },
});

/** Data stores and the property holding their security group ids. */
const DATA_TIER: readonly [string, string][] = [
  ["aws:rds/instance:Instance", "vpcSecurityGroupIds"],
  ["aws:rds/cluster:Cluster", "vpcSecurityGroupIds"],
  ["aws:elasticache/replicationGroup:ReplicationGroup", "securityGroupIds"],
  ["aws:elasticache/cluster:Cluster", "securityGroupIds"],
];
/** Standalone rule types; each names its group in `securityGroupId`. */
const SG_RULE_TYPES = ["aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"];

export const dataTierPrivateSources = stackPolicy({
  name: "ec2-data-tier-security-groups-private-sources",
  description: "Security groups of databases and caches admit only other security groups and private CIDRs (RFC 1918, 100.64/10, fc00::/7).",
  severity: "high",
  category: "security",
  controls: ["DB-4", "CACHE-3", "NET-2"],
  remediation:
    "admit the app's security group (sourceSecurityGroupId / referencedSecurityGroupId) or a private VPN/bastion range; reach a database from outside through a bastion or SSM, never a public CIDR.",
  validate: (resources, report) => {
    const groups = resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup");
    const rules = resources.filter((r) => SG_RULE_TYPES.includes(r.type));
    for (const [type, prop] of DATA_TIER) {
      for (const store of resources.filter((r) => r.type === type)) {
        for (const sg of pointsAt(store, prop, groups)) {
          const ingress = [
            ...ingressRules(sg.type, sg.props),
            ...rules.filter((rule) => referencesResource(rule, "securityGroupId", sg, ["id"])).flatMap((rule) => ingressRules(rule.type, rule.props)),
          ];
          const open = ingress.flatMap((rule) => rule.cidrs).filter((c) => typeof c === "string" && !isPrivateCidr(c));
          if (open.length)
            report(
              `${store.name} is behind security group ${sg.name}, which admits ${[...new Set(open)].join(", ")}: a public source for a data store that only the app and private ranges should reach.`,
              sg.urn,
            );
        }
      }
    }
  },
});

export const policies = [
  sgNoWorldIngress,
  sgRuleDescription,
  sgNoWorldEgressAllPorts,
  subnetNoAutoPublicIp,
  defaultSgClosed,
  vpcFlowLogs,
  naclNoAdminPortsFromWorld,
  naclAttached,
  sourceDestCheck,
  vpcInterfaceEndpoints,
  dataTierPrivateSources,
];
