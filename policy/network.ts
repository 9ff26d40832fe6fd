/** Network controls: security groups, subnets, flow logs and the default security group (NET-*, DB-4, CACHE-3). */
import { PolicyResource } from "@pulumi/policy";
import { asArray, coversPort, isWorld, peek, resourcePolicy, stackPolicy } from "./lib";

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
      if (peek(props, "type") !== "ingress") return [];
      return [{ protocol: peek(props, "protocol"), from: peek(props, "fromPort"), to: peek(props, "toPort"), cidrs: [...asArray(peek(props, "cidrBlocks")), ...asArray(peek(props, "ipv6CidrBlocks"))] }];
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      return [{ protocol: peek(props, "ipProtocol"), from: peek(props, "fromPort"), to: peek(props, "toPort"), cidrs: [peek(props, "cidrIpv4"), peek(props, "cidrIpv6")].filter(Boolean) }];
    default:
      return [];
  }
}

/** The first port in 1..65535 (named ports first) a rule opens beyond 80/443, or undefined. */
function portBeyondWeb(rule: IngressRule): number | undefined {
  const candidates = [...Object.keys(NAMED_PORTS).map(Number), 0, 1, 21, 25, 53, 81, 442, 444, 1024, 8080, 65535];
  return candidates.find((p) => !(WORLD_OPEN_PORTS as readonly number[]).includes(p) && coversPort(rule.protocol, rule.from, rule.to, p)) ??
    (String(rule.protocol).toLowerCase() === "udp" || String(rule.protocol) === "17" ? Number(rule.from) : undefined);
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
      const port = portBeyondWeb(rule);
      if (port === undefined) continue;
      const what = String(rule.protocol) === "-1" ? "all traffic" : `port ${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}`;
      report(`Security group rule admits ${world.join(" and ")} on ${what}${NAMED_PORTS[port] && what !== `port ${port}` ? ` (includes ${NAMED_PORTS[port]} ${port})` : NAMED_PORTS[port] ? ` (${NAMED_PORTS[port]})` : ""}: anyone on the internet can reach the service behind it.`);
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
  remediation: "set ingress: [] and egress: [] on the DefaultSecurityGroup; give workloads their own groups.",
  validate: (r, report) => {
    if (asArray(peek(r.props, "ingress")).length || asArray(peek(r.props, "egress")).length) report("The VPC's default security group has rules, so anything launched without a group gets them.");
  },
});

/** The VPC a resource points at, by property dependency (known in preview) or by id. */
function references(res: PolicyResource, prop: string, target: PolicyResource): boolean {
  if ((res.propertyDependencies[prop] ?? []).some((d) => d.urn === target.urn)) return true;
  const id = peek(target.props, "id");
  return id !== undefined && peek(res.props, prop) === id;
}

export const vpcFlowLogs = stackPolicy({
  name: "ec2-vpc-flow-logs-and-closed-default-sg",
  description: "Every VPC has a flow log and a managed default security group with no rules.",
  severity: "medium",
  category: "security",
  controls: ["NET-1", "LOG-5"],
  fsbp: ["EC2.6", "EC2.2"],
  remediation: "use the Network component, or add an aws.ec2.FlowLog (trafficType ALL) and an aws.ec2.DefaultSecurityGroup with no rules for the VPC.",
  validate: (resources, report) => {
    const vpcs = resources.filter((r) => r.type === "aws:ec2/vpc:Vpc");
    for (const vpc of vpcs) {
      const flow = resources.some((r) => r.type === "aws:ec2/flowLog:FlowLog" && references(r, "vpcId", vpc));
      const dsg = resources.some((r) => r.type === "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" && references(r, "vpcId", vpc));
      if (!flow) report(`VPC ${vpc.name} has no flow log, so rejected and accepted traffic leaves no trace.`, vpc.urn);
      if (!dsg) report(`VPC ${vpc.name} keeps AWS's default security group, which admits all traffic between its members.`, vpc.urn);
    }
  },
});

export const policies = [sgNoWorldIngress, subnetNoAutoPublicIp, defaultSgClosed, vpcFlowLogs];
