import { describe, expect, it } from "@jest/globals";
import { LogClasses, Network } from "../../components";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

const build =
  (args: Partial<ConstructorParameters<typeof Network>[1]> = {}) =>
  () => {
    const logs = new LogClasses("logs", { environment: args.environment ?? "staging", appName: "shop" });
    return new Network("net", { environment: "staging", logs, ...args });
  };

describe("Network", () => {
  it("builds three tiers over two AZs with /20 subnets carved from the VPC CIDR", async () => {
    const cap = await capture(build(), { config: { "aws:region": "eu-west-1" } });
    const vpc = cap.one("aws:ec2/vpc:Vpc");
    expect(vpc.inputs).toMatchObject({ cidrBlock: "10.40.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
    const cidrs = Object.fromEntries(cap.ofType("aws:ec2/subnet:Subnet").map((s) => [s.name, s.inputs.cidrBlock]));
    expect(cidrs).toEqual({
      "net-public-az1": "10.40.0.0/20",
      "net-public-az2": "10.40.16.0/20",
      "net-app-az1": "10.40.64.0/20",
      "net-app-az2": "10.40.80.0/20",
      "net-data-az1": "10.40.128.0/20",
      "net-data-az2": "10.40.144.0/20",
    });
    expect(cap.ofType("aws:ec2/subnet:Subnet").every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
    expect(cap.one("aws:ec2/subnet:Subnet", "app-az2").inputs.availabilityZone).toBe("eu-west-1b");
  });

  it("routes the app tier through NAT, gives the data tier no route out, and uses one NAT in staging", async () => {
    const cap = await capture(build(), { config: { "aws:region": "eu-west-1" } });
    expect(cap.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    const nat = cap.one("aws:ec2/natGateway:NatGateway");
    expect(cap.one("aws:ec2/routeTable:RouteTable", "app-rt-az2").inputs.routes).toEqual([{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }]);
    expect(cap.one("aws:ec2/routeTable:RouteTable", "data-rt-az1").inputs.routes).toBeUndefined();
    const publicRt = cap.one("aws:ec2/routeTable:RouteTable", "public-rt");
    expect(publicRt.inputs.routes[0].gatewayId).toBe(cap.one("aws:ec2/internetGateway:InternetGateway").id);
  });

  it("puts one NAT gateway in each AZ in prod", async () => {
    const cap = await capture(build({ environment: "prod", azCount: 3 }), { config: { "aws:region": "eu-west-1" } });
    expect(
      cap
        .ofType("aws:ec2/natGateway:NatGateway")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["net-nat-az1", "net-nat-az2", "net-nat-az3"]);
  });

  it("strips the default security group and sends ALL flow logs to an encrypted network-class group", async () => {
    const cap = await capture(build(), { config: { "aws:region": "eu-west-1" } });
    expect(cap.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").inputs).toMatchObject({ ingress: [], egress: [] });
    const group = cap.one("aws:cloudwatch/logGroup:LogGroup");
    const key = cap.one("aws:kms/key:Key");
    expect(group.inputs).toMatchObject({ name: "/shop/staging/vpc-flow-logs", retentionInDays: 90, kmsKeyId: key.outputs.arn, tags: { "log-class": "network" } });
    const flow = cap.one("aws:ec2/flowLog:FlowLog");
    expect(flow.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.outputs.arn });
    const rolePolicy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    expect(rolePolicy.Statement[0].Resource).toEqual([group.outputs.arn, `${group.outputs.arn}:*`]);
  });

  it("creates interface endpoints for Secrets Manager, ECR, Logs, KMS and STS behind a VPC-only 443 group", async () => {
    const cap = await capture(build(), { config: { "aws:region": "eu-west-1" } });
    const endpoints = cap.ofType("aws:ec2/vpcEndpoint:VpcEndpoint");
    expect(endpoints.map((e) => e.inputs.serviceName).sort()).toEqual(["ecr.api", "ecr.dkr", "kms", "logs", "s3", "secretsmanager", "sts"].map((s) => `com.amazonaws.eu-west-1.${s}`));
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "endpoints-sg");
    expect(sg.inputs.ingress).toEqual([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.40.0.0/16"], description: "VPC to AWS APIs" }]);
    expect(sg.inputs.egress).toBeUndefined();
  });

  it("admits CloudWatch Logs of this account and region only in the log key policy", async () => {
    const cap = await capture(build(), { config: { "aws:region": "eu-west-1" } });
    const policy = JSON.parse(cap.one("aws:kms/key:Key").inputs.policy);
    const logs = policy.Statement.find((s: any) => s.Sid === "CloudWatchLogsThisAccountAndRegion");
    expect(logs.Principal).toEqual({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(logs.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*" } });
  });

  it("creates an empty workload security group in the VPC for callers to reference", async () => {
    const cap = await capture(
      () => {
        const net = build()();
        net.workloadSecurityGroup("app", "ECS tasks of the app service");
      },
      { config: { "aws:region": "eu-west-1" } },
    );
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "net-app-sg");
    expect(sg.inputs).toMatchObject({ vpcId: cap.one("aws:ec2/vpc:Vpc").id, description: "ECS tasks of the app service", tags: { workload: "app" } });
    expect(sg.inputs.ingress).toBeUndefined();
    expect(sg.parent).toBe(cap.one("hardened:network:Network").urn);
  });

  it.each([
    [{ cidrBlock: "8.8.0.0/16" }, "NET_VPC_CIDR", "cidrBlock"],
    [{ cidrBlock: "10.0.0.0/8" }, "NET_VPC_CIDR", "cidrBlock"],
    [{ azCount: 1 }, "NET_AZ_COUNT", "azCount"],
    [{ environment: "prod" as const, natGatewayPerAz: false }, "NET_PROD_SINGLE_NAT", "natGatewayPerAz"],
  ])("rejects %j with %s before any child registers", async (args, code, arg) => {
    const { error, registered } = await captureError(() => {
      const logs = new LogClasses("logs", { environment: "staging", appName: "shop", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/x" });
      return new Network("net", { environment: "staging", logs, ...args });
    });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual([code]);
    expect((error as Error).message).toContain(`${arg}:`);
    expect((error as Error).message).toContain("Fix:");
    expect(registered).toBe(1); // the LogClasses component only; no Network child
  });
});
