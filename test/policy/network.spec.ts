import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { defaultSgClosed, sgNoWorldIngress, subnetNoAutoPublicIp, vpcFlowLogs } from "../../policy/network";
import { sgNoWorldEgressAllPorts, sgRuleDescription } from "../../policy/network";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

describe("ec2-security-group-no-world-ingress", () => {
  const lbGroup = {
    vpcId: "vpc-1",
    ingress: [
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 80, toPort: 80, ipv6CidrBlocks: ["::/0"] },
    ],
  };

  it("passes 80/443 from the world and 5432 from a security group or private CIDR", async () => {
    assert.deepEqual((await checkResource(sgNoWorldIngress, { type: SG, props: lbGroup })).violations, []);
    const db = {
      vpcId: "vpc-1",
      ingress: [
        { protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: ["sg-app"] },
        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.8.0.0/16"] },
      ],
    };
    assert.deepEqual((await checkResource(sgNoWorldIngress, { type: SG, props: db })).violations, []);
  });

  it("fails an inline rule open to 0.0.0.0/0 on 5432", async () => {
    const v = await checkResource(sgNoWorldIngress, { type: SG, props: { ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] } });
    assert.deepEqual(v.violations, [
      "Security group rule admits 0.0.0.0/0 on port 5432 (PostgreSQL): anyone on the internet can reach the service behind it; only TCP 80 and 443 may be open to the world. Fix: replace the 0.0.0.0/0 or ::/0 source with the security group of the caller (sourceSecurityGroupId / referencedSecurityGroupId) or a private CIDR.",
    ]);
  });

  it("fails ::/0 on Redis through a standalone SecurityGroupRule, and all traffic (-1)", async () => {
    const redis = await checkResource(sgNoWorldIngress, { type: RULE, props: { type: "ingress", protocol: "tcp", fromPort: 6379, toPort: 6379, ipv6CidrBlocks: ["::/0"], securityGroupId: "sg-1" } });
    assert.match(redis.violations[0], /^Security group rule admits ::\/0 on port 6379 \(Redis\)/);
    const all = await checkResource(sgNoWorldIngress, { type: RULE, props: { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" } });
    assert.match(all.violations[0], /^Security group rule admits 0\.0\.0\.0\/0 on all traffic \(includes SSH 22\)/);
  });

  it("ignores egress SecurityGroupRules and fails a vpc.SecurityGroupIngressRule range covering 5432", async () => {
    assert.deepEqual((await checkResource(sgNoWorldIngress, { type: RULE, props: { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] } })).violations, []);
    const v = await checkResource(sgNoWorldIngress, { type: INGRESS, props: { ipProtocol: "tcp", fromPort: 5000, toPort: 6000, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" } });
    assert.match(v.violations[0], /admits 0\.0\.0\.0\/0 on port 5000-6000 \(includes PostgreSQL 5432\)/);
  });

  it("still blocks when the group id is unknown (preview of a new stack)", async () => {
    const v = await checkResource(sgNoWorldIngress, { type: RULE, props: { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"], securityGroupId: UNKNOWN } });
    assert.equal(v.undecided, undefined);
    assert.equal(v.violations.length, 1);
    const inline = await checkResource(sgNoWorldIngress, {
      type: SG,
      props: withUnknown({ vpcId: "x", ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }] }, "vpcId"),
    });
    assert.equal(inline.violations.length, 1);
  });

  it("fails every single TCP port from 1 to 65535 but 80 and 443, in each rule form and from either world CIDR", async () => {
    const forms: [string, (port: number, cidr: string) => Record<string, any>][] = [
      [SG, (port, cidr) => ({ ingress: [{ protocol: "tcp", fromPort: port, toPort: port, [cidr.includes(":") ? "ipv6CidrBlocks" : "cidrBlocks"]: [cidr] }] })],
      [RULE, (port, cidr) => ({ type: "ingress", protocol: "tcp", fromPort: port, toPort: port, [cidr.includes(":") ? "ipv6CidrBlocks" : "cidrBlocks"]: [cidr], securityGroupId: "sg-1" })],
      [INGRESS, (port, cidr) => ({ ipProtocol: "tcp", fromPort: port, toPort: port, [cidr.includes(":") ? "cidrIpv6" : "cidrIpv4"]: cidr, securityGroupId: "sg-1" })],
    ];
    for (const [type, props] of forms) {
      const passed: string[] = [];
      for (let port = 0; port <= 65535; port++) {
        const cidr = port % 2 ? "::/0" : "0.0.0.0/0";
        const v = await checkResource(sgNoWorldIngress, { type, props: props(port, cidr) });
        if (v.violations.length !== 1) passed.push(`${port}/${cidr}: ${v.violations.length}`);
      }
      assert.deepEqual(passed, ["80/0.0.0.0/0: 0", "443/::/0: 0"], type);
      for (const cidr of ["0.0.0.0/0", "::/0"]) {
        assert.deepEqual((await checkResource(sgNoWorldIngress, { type, props: props(80, cidr) })).violations, [], `${type} 80 ${cidr}`);
        assert.deepEqual((await checkResource(sgNoWorldIngress, { type, props: props(443, cidr) })).violations, [], `${type} 443 ${cidr}`);
      }
    }
  });

  it("names unlisted data ports (MySQL 3306, MSSQL 1433, MongoDB 27017, Elasticsearch 9200, Memcached 11211) in the finding", async () => {
    for (const port of [3306, 1433, 27017, 9200, 11211, 2383]) {
      const v = await checkResource(sgNoWorldIngress, { type: INGRESS, props: { ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1" } });
      assert.match(v.violations[0] ?? "", new RegExp(`^Security group rule admits 0\\.0\\.0\\.0/0 on port ${port}: anyone on the internet`), String(port));
    }
  });

  it("reads protocols in any spelling, ranges spanning 80-443, missing ports, UDP and ICMP, and every /0 spelling as the world", async () => {
    const rule = (props: Record<string, any>) => checkResource(sgNoWorldIngress, { type: RULE, props: { type: "ingress", securityGroupId: "sg-1", ...props } });
    assert.match((await rule({ protocol: "TCP", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on port 3306:/);
    assert.match((await rule({ protocol: "6", fromPort: "3306", toPort: "3306", cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on port 3306:/);
    assert.match((await rule({ protocol: "tcp", fromPort: 80, toPort: 443, cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on port 80-443:/);
    assert.match((await rule({ protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on every TCP port \(includes SSH 22\)/);
    assert.match((await rule({ protocol: "tcp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on every TCP port/);
    assert.match((await rule({ protocol: "udp", fromPort: 53, toPort: 53, cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on protocol udp 53:/);
    assert.match((await rule({ protocol: "17", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] })).violations[0], /on protocol udp 443:/);
    assert.match((await rule({ protocol: "icmp", fromPort: 8, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on protocol icmp 8-0:/);
    assert.match((await rule({ protocol: "ALL", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })).violations[0], /on all traffic/);
    for (const world of ["0::0/0", " 0.0.0.0/0", "0:0:0:0:0:0:0:0/0", "1.2.3.4/0"]) {
      assert.equal((await rule({ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: [world] })).violations.length, 1, world);
    }
    assert.deepEqual((await rule({ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/8"] })).violations, []);
  });

  it("is undecided, not passing, when a world rule's port or protocol is unknown, and reads an unknown rule type as ingress", async () => {
    const v = await checkResource(sgNoWorldIngress, {
      type: RULE,
      props: { type: "ingress", protocol: "tcp", fromPort: UNKNOWN, toPort: UNKNOWN, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" },
    });
    assert.match(v.undecided ?? "", /^fromPort is not known until apply/);
    const t = await checkResource(sgNoWorldIngress, { type: RULE, props: { type: UNKNOWN, protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" } });
    assert.equal(t.violations.length, 1);
  });

  it("declares itself not applicable to other types", async () => {
    assert.equal((await checkResource(sgNoWorldIngress, { type: "aws:s3/bucket:Bucket", props: {} })).notApplicable, true);
  });
});

describe("ec2-subnet-no-auto-public-ip", () => {
  it("passes mapPublicIpOnLaunch false and fails true", async () => {
    assert.deepEqual((await checkResource(subnetNoAutoPublicIp, { type: "aws:ec2/subnet:Subnet", props: { vpcId: UNKNOWN, mapPublicIpOnLaunch: false } })).violations, []);
    const v = await checkResource(subnetNoAutoPublicIp, { type: "aws:ec2/subnet:Subnet", props: { vpcId: UNKNOWN, mapPublicIpOnLaunch: true } });
    assert.match(v.violations[0], /^Subnet assigns a public IP to everything launched in it\. Fix: set mapPublicIpOnLaunch: false/);
  });
});

describe("ec2-default-security-group-closed", () => {
  it("passes no rules and fails an allow-all egress", async () => {
    const type = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    assert.deepEqual((await checkResource(defaultSgClosed, { type, props: { vpcId: UNKNOWN, ingress: [], egress: [] } })).violations, []);
    const v = await checkResource(defaultSgClosed, { type, props: { vpcId: UNKNOWN, egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] } });
    assert.equal(v.violations.length, 1);
  });
});

describe("ec2-vpc-flow-logs-and-closed-default-sg", () => {
  const vpc = { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } };
  const vpcUrn = "urn:pulumi:test::fixture::aws:ec2/vpc:Vpc::vpc";
  const flow = { type: "aws:ec2/flowLog:FlowLog", name: "flow", props: { vpcId: UNKNOWN, trafficType: "ALL" }, propertyDependencies: { vpcId: [vpcUrn] } };
  const dsg = { type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", name: "dsg", props: { vpcId: UNKNOWN, ingress: [], egress: [] }, propertyDependencies: { vpcId: [vpcUrn] } };

  it("passes a VPC with a flow log and a managed default group, matched by property dependency while ids are unknown", async () => {
    const v = await checkStack(vpcFlowLogs, [vpc, flow, dsg]);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
  });

  it("matches by id once ids are known", async () => {
    const known = { ...vpc, props: { ...vpc.props, id: "vpc-123" } };
    const v = await checkStack(vpcFlowLogs, [known, { ...flow, props: { vpcId: "vpc-123" }, propertyDependencies: {} }, { ...dsg, props: { vpcId: "vpc-123" }, propertyDependencies: {} }]);
    assert.deepEqual(v.violations, []);
  });

  it("fails a VPC without a flow log, reporting on the VPC", async () => {
    const v = await checkStack(vpcFlowLogs, [vpc, dsg]);
    assert.deepEqual(v.urns, [vpcUrn]);
    assert.match(v.violations[0], /^VPC vpc has no flow log/);
  });

  it("fails a VPC whose default security group is not managed", async () => {
    const v = await checkStack(vpcFlowLogs, [vpc, flow]);
    assert.match(v.violations[0], /^VPC vpc keeps AWS's default security group/);
  });
});

describe("ec2-network-acl-no-admin-ports-from-world", () => {
  const NACL = "aws:ec2/networkAcl:NetworkAcl";
  it("passes 443 from the world, 22 from a private range and denies", async () => {
    const { naclNoAdminPortsFromWorld } = await import("../../policy/network");
    const ingress = [
      { ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" },
      { ruleNo: 110, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "10.8.0.0/16" },
      { ruleNo: 120, action: "deny", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
    ];
    assert.deepEqual((await checkResource(naclNoAdminPortsFromWorld, { type: NACL, props: { vpcId: UNKNOWN, ingress } })).violations, []);
  });

  it("fails all traffic from 0.0.0.0/0 inline and an allow rule on 3389 from ::/0, and ignores egress rules", async () => {
    const { naclNoAdminPortsFromWorld } = await import("../../policy/network");
    const inline = await checkResource(naclNoAdminPortsFromWorld, {
      type: NACL,
      props: { ingress: [{ ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" }] },
    });
    assert.deepEqual(inline.violations, [
      "Network ACL allows 0.0.0.0/0 to port 22 (SSH): remote administration is open to the internet at the subnet edge. Fix: narrow the rule's cidrBlock to an administration network, or deny 20, 21, 22 and 3389 from the world before the allow (rule numbers are evaluated in order).",
    ]);
    const rule = await checkResource(naclNoAdminPortsFromWorld, {
      type: "aws:ec2/networkAclRule:NetworkAclRule",
      props: { networkAclId: UNKNOWN, ruleNumber: 10, egress: false, ruleAction: "allow", protocol: "tcp", fromPort: 3389, toPort: 3389, ipv6CidrBlock: "::/0" },
    });
    assert.match(rule.violations[0], /^Network ACL allows ::\/0 to port 3389 \(RDP\)/);
    const ftp = await checkResource(naclNoAdminPortsFromWorld, {
      type: "aws:ec2/networkAclRule:NetworkAclRule",
      props: { ruleNumber: 20, ruleAction: "allow", protocol: "tcp", fromPort: 20, toPort: 21, cidrBlock: "0.0.0.0/0" },
    });
    assert.match(ftp.violations[0], /^Network ACL allows 0\.0\.0\.0\/0 to port 20 \(FTP data\): file transfer is open to the internet/);
    const egress = await checkResource(naclNoAdminPortsFromWorld, {
      type: "aws:ec2/networkAclRule:NetworkAclRule",
      props: { egress: true, ruleAction: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" },
    });
    assert.deepEqual(egress.violations, []);
  });
});

describe("ec2-network-acl-attached", () => {
  it("passes an ACL with subnets or an association (by property dependency), fails one guarding nothing", async () => {
    const { naclAttached } = await import("../../policy/network");
    const acl = { type: "aws:ec2/networkAcl:NetworkAcl", name: "data-acl", urn: "urn:acl", props: { vpcId: UNKNOWN, id: UNKNOWN } };
    const assoc = { type: "aws:ec2/networkAclAssociation:NetworkAclAssociation", props: { networkAclId: UNKNOWN, subnetId: UNKNOWN }, propertyDependencies: { networkAclId: ["urn:acl"] } };
    assert.deepEqual((await checkStack(naclAttached, [acl, assoc])).violations, []);
    assert.deepEqual((await checkStack(naclAttached, [{ ...acl, props: { subnetIds: [UNKNOWN] } }])).violations, []);
    const v = await checkStack(naclAttached, [acl]);
    assert.deepEqual(v.violations, [
      "Network ACL data-acl is attached to no subnet: its rules guard nothing and mislead whoever reads them. Fix: list the subnets in subnetIds or add an aws.ec2.NetworkAclAssociation; delete an ACL that guards nothing.",
    ]);
    assert.deepEqual(v.urns, ["urn:acl"]);
  });
});

describe("ec2-source-dest-check-enabled", () => {
  it("passes the default and fails sourceDestCheck false on an interface and an instance", async () => {
    const { sourceDestCheck } = await import("../../policy/network");
    assert.deepEqual((await checkResource(sourceDestCheck, { type: "aws:ec2/networkInterface:NetworkInterface", props: { subnetId: UNKNOWN } })).violations, []);
    const v = await checkResource(sourceDestCheck, { type: "aws:ec2/instance:Instance", props: { sourceDestCheck: false } });
    assert.match(v.violations[0], /^Source\/destination checking is off/);
  });
});

describe("ec2-vpc-interface-endpoints", () => {
  const vpc = { type: "aws:ec2/vpc:Vpc", name: "net-vpc", urn: "urn:vpc", props: { cidrBlock: "10.0.0.0/16", id: UNKNOWN } };
  const endpoint = (svc: string) => ({
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
    props: { vpcId: UNKNOWN, vpcEndpointType: "Interface", serviceName: `com.amazonaws.eu-west-1.${svc}` },
    propertyDependencies: { vpcId: ["urn:vpc"] },
  });

  it("passes a VPC with ecr.api and ecr.dkr endpoints (the default list)", async () => {
    const { vpcInterfaceEndpoints } = await import("../../policy/network");
    assert.deepEqual((await checkStack(vpcInterfaceEndpoints, [vpc, endpoint("ecr.api"), endpoint("ecr.dkr")])).violations, []);
  });

  it("fails a VPC missing ecr.dkr, and does not count a gateway endpoint", async () => {
    const { vpcInterfaceEndpoints } = await import("../../policy/network");
    const gateway = { ...endpoint("ecr.dkr"), props: { ...endpoint("ecr.dkr").props, vpcEndpointType: "Gateway" } };
    const v = await checkStack(vpcInterfaceEndpoints, [vpc, endpoint("ecr.api"), gateway]);
    assert.deepEqual(v.violations, [
      "VPC net-vpc has no interface endpoint for ecr.dkr: private tasks reach those APIs only through a NAT gateway and the internet. Fix: add an aws.ec2.VpcEndpoint (vpcEndpointType Interface, privateDnsEnabled) per service (the Network component creates ecr.api, ecr.dkr, secretsmanager, logs, kms and sts).",
    ]);
  });

  it("declares its services in a config schema whose default is ecr.api and ecr.dkr", async () => {
    const { vpcInterfaceEndpoints } = await import("../../policy/network");
    assert.deepEqual((vpcInterfaceEndpoints.configSchema as any).properties.services.default, ["ecr.api", "ecr.dkr"]);
  });
});

describe("security group rules beyond ingress (advisory)", () => {
  const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

  it("ec2-security-group-rule-description fails inline and standalone rules without a description", async () => {
    assert.equal(sgRuleDescription.enforcementLevel, "advisory");
    const described = {
      vpcId: "vpc-1",
      ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS from the internet" }],
      egress: [{ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["10.0.0.0/16"], description: "Targets on 8000" }],
    };
    assert.deepEqual((await checkResource(sgRuleDescription, { type: SG, props: described })).violations, []);
    const fix = ' Fix: set description on each rule to who it admits and why (e.g. "Load balancer to app on 8000").';
    const bare = { ...described, egress: [{ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["10.0.0.0/16"] }] };
    assert.deepEqual((await checkResource(sgRuleDescription, { type: SG, props: bare })).violations, [
      `An egress rule has no description: a reviewer cannot tell which of them are still needed, so stale openings stay.${fix}`,
    ]);
    assert.deepEqual(
      (await checkResource(sgRuleDescription, { type: SG, props: { ...bare, ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: " " }] } })).violations,
      [`2 rules have no description: a reviewer cannot tell which of them are still needed, so stale openings stay.${fix}`],
    );
    assert.deepEqual(
      (await checkResource(sgRuleDescription, { type: RULE, props: { type: "ingress", protocol: "tcp", fromPort: 5432, toPort: 5432, sourceSecurityGroupId: "sg-app", securityGroupId: "sg-db" } }))
        .violations,
      [`An ingress rule has no description: a reviewer cannot tell which of them are still needed, so stale openings stay.${fix}`],
    );
    assert.deepEqual(
      (await checkResource(sgRuleDescription, { type: EGRESS, props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS" } }))
        .violations,
      [],
    );
    assert.equal(
      (await checkResource(sgRuleDescription, { type: INGRESS, props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } })).violations.length,
      1,
    );
  });

  it("ec2-security-group-no-world-egress-all-ports fails every port to the world in each rule form and passes named ports", async () => {
    assert.equal(sgNoWorldEgressAllPorts.enforcementLevel, "advisory");
    const fix =
      " Fix: replace the all-ports rule with egress on the ports the workload needs (443 to the internet, the database port to its security group); HardenedService takes them in its egress arg.";
    const all = (cidr: string, extra = " and protocol") => [
      `Security group rule allows egress to ${cidr} on every port${extra}: a compromised workload can reach any host on the internet to exfiltrate data or fetch tools.${fix}`,
    ];
    assert.deepEqual(
      (await checkResource(sgNoWorldEgressAllPorts, { type: SG, props: { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] } })).violations,
      all("0.0.0.0/0"),
    );
    assert.deepEqual(
      (await checkResource(sgNoWorldEgressAllPorts, { type: RULE, props: { type: "egress", protocol: "all", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], securityGroupId: "sg-1" } })).violations,
      all("::/0"),
    );
    assert.deepEqual(
      (await checkResource(sgNoWorldEgressAllPorts, { type: EGRESS, props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: "0.0.0.0/0" } })).violations,
      all("0.0.0.0/0", ""),
    );
    assert.deepEqual(
      (await checkResource(sgNoWorldEgressAllPorts, { type: EGRESS, props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" } })).violations,
      [],
    );
    assert.deepEqual((await checkResource(sgNoWorldEgressAllPorts, { type: SG, props: { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"] }] } })).violations, []);
    assert.deepEqual(
      (await checkResource(sgNoWorldEgressAllPorts, { type: RULE, props: { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1" } })).violations,
      [],
    );
  });
});
