import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../shared/cidr";
import { awsContext, baseTags, knownArn } from "../shared/naming";
import { NetworkArgs } from "./args";
import { SUBNET_PREFIX_BITS, TIER_BLOCK_OFFSET } from "./defaults";
import { checked, validate, withDefaults } from "./validate";

export * from "./args";

type Tier = keyof typeof TIER_BLOCK_OFFSET;

function subnetCidr(vpcCidr: string, tier: Tier, az: number): string {
  const c = parseCidr(vpcCidr)!;
  const prefix = c.prefix + SUBNET_PREFIX_BITS;
  const base = c.base! + (TIER_BLOCK_OFFSET[tier] + az) * 2 ** (32 - prefix);
  return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${prefix}`;
}

/**
 * A VPC over 2–3 AZs with three subnet tiers (NET-1): public (load balancer and NAT only), private-app
 * (tasks; egress through NAT) and private-data (databases and caches; no route to the internet). Flow
 * logs go to an encrypted log group, the default security group has no rules, and AWS APIs are reached
 * through VPC endpoints.
 */
export class Network extends pulumi.ComponentResource {
  /** The component's logical name (prefix of its children's names). */
  readonly name: string;
  readonly vpcId: pulumi.Output<string>;
  readonly vpcCidr: string;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly appSubnetIds: pulumi.Output<string>[];
  readonly dataSubnetIds: pulumi.Output<string>[];
  /** Security group of the interface endpoints (443 from the VPC). */
  readonly endpointSecurityGroupId: pulumi.Output<string>;
  readonly flowLogGroupName: pulumi.Output<string>;
  private readonly env: NetworkArgs["environment"];

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:network:Network", name, {}, opts);
    this.name = name;
    this.env = a.environment;
    const tags = (extra: Record<string, string> = {}) => baseTags(a.environment, "network", extra);
    const parent = { parent: this };
    const ctx = awsContext(this);
    const azNames = aws.getAvailabilityZonesOutput({ state: "available" }, parent).names;
    const azKeys = Array.from({ length: a.azCount }, (_, i) => `az${i + 1}`);

    const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: a.cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: tags({ Name: `${name}-vpc` }) }, parent);
    this.vpcId = vpc.id;
    this.vpcCidr = a.cidrBlock;

    // EC2.2: the default security group admits nothing.
    new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, ingress: [], egress: [], tags: tags({ Name: `${name}-default-closed` }) }, parent);

    const subnets = (tier: Tier) =>
      azKeys.map(
        (key, i) =>
          new aws.ec2.Subnet(
            `${name}-${tier}-${key}`,
            {
              vpcId: vpc.id,
              cidrBlock: subnetCidr(a.cidrBlock, tier, i),
              availabilityZone: azNames.apply((n) => n[i]),
              mapPublicIpOnLaunch: false,
              tags: tags({ Name: `${name}-${tier}-${key}`, tier }),
            },
            parent,
          ),
      );
    const publicSubnets = subnets("public");
    const appSubnets = subnets("app");
    const dataSubnets = subnets("data");
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.appSubnetIds = appSubnets.map((s) => s.id);
    this.dataSubnetIds = dataSubnets.map((s) => s.id);

    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags({ Name: `${name}-igw` }) }, parent);
    const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tags({ Name: `${name}-public` }) }, parent);
    publicSubnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${azKeys[i]}`, { subnetId: s.id, routeTableId: publicRt.id }, parent));

    const natKeys = a.natGatewayPerAz ? azKeys : azKeys.slice(0, 1);
    const nats = natKeys.map((key, i) => {
      const eip = new aws.ec2.Eip(`${name}-nat-${key}`, { domain: "vpc", tags: tags({ Name: `${name}-nat-${key}` }) }, parent);
      return new aws.ec2.NatGateway(`${name}-nat-${key}`, { allocationId: eip.id, subnetId: publicSubnets[i].id, tags: tags({ Name: `${name}-nat-${key}` }) }, { parent: this, dependsOn: [igw] });
    });
    const privateRts = azKeys
      .map((key, i) => {
        const appRt = new aws.ec2.RouteTable(
          `${name}-app-rt-${key}`,
          { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[a.natGatewayPerAz ? i : 0].id }], tags: tags({ Name: `${name}-app-${key}` }) },
          parent,
        );
        new aws.ec2.RouteTableAssociation(`${name}-app-${key}`, { subnetId: appSubnets[i].id, routeTableId: appRt.id }, parent);
        // The data tier has no route out of the VPC.
        const dataRt = new aws.ec2.RouteTable(`${name}-data-rt-${key}`, { vpcId: vpc.id, tags: tags({ Name: `${name}-data-${key}` }) }, parent);
        new aws.ec2.RouteTableAssociation(`${name}-data-${key}`, { subnetId: dataSubnets[i].id, routeTableId: dataRt.id }, parent);
        return [appRt, dataRt];
      })
      .flat();

    // VPC endpoints (NET-3): AWS APIs without the internet; S3 as a gateway endpoint for ECR layers.
    const endpointSg = new aws.ec2.SecurityGroup(
      `${name}-endpoints-sg`,
      {
        vpcId: vpc.id,
        description: "HTTPS from inside the VPC to interface endpoints",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [a.cidrBlock], description: "VPC to AWS APIs" }],
        tags: tags({ Name: `${name}-endpoints` }),
      },
      parent,
    );
    this.endpointSecurityGroupId = endpointSg.id;
    for (const service of a.interfaceEndpoints) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(/\./g, "-")}`,
        {
          vpcId: vpc.id,
          serviceName: ctx.region.apply((region) => `com.amazonaws.${region}.${service}`),
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: this.appSubnetIds,
          securityGroupIds: [endpointSg.id],
          tags: tags({ Name: `${name}-${service}` }),
        },
        parent,
      );
    }
    new aws.ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: vpc.id,
        serviceName: ctx.region.apply((region) => `com.amazonaws.${region}.s3`),
        vpcEndpointType: "Gateway",
        routeTableIds: privateRts.map((rt) => rt.id),
        tags: tags({ Name: `${name}-s3` }),
      },
      parent,
    );

    // EC2.6: flow logs to an encrypted group of the network class, delivered by a role scoped to it.
    const flowGroupName = args.logs.groupName("vpc-flow-logs");
    const flowGroup = args.logs.group(`${name}-flow-logs`, "vpc-flow-logs", "network", { parent: this });
    this.flowLogGroupName = flowGroup.name;
    const flowRole = new aws.iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: ctx.accountId.apply((account) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
          }),
        ),
        tags: tags(),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowRole.id,
        policy: knownArn.logGroup(ctx, flowGroupName).apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] }],
          }),
        ),
      },
      parent,
    );
    new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId: vpc.id,
        trafficType: a.flowLogTrafficType,
        logDestinationType: "cloud-watch-logs",
        logDestination: flowGroup.arn,
        iamRoleArn: flowRole.arn,
        maxAggregationInterval: 60,
        tags: tags(),
      },
      parent,
    );

    this.registerOutputs({ vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, appSubnetIds: this.appSubnetIds, dataSubnetIds: this.dataSubnetIds });
  }

  /**
   * An empty security group in this VPC that identifies a workload (no rules, no egress). Create it before
   * the components that admit it (database, cache) and hand it to the workload, which adds its own rules.
   * This breaks the cycle "the database admits the service, the service needs the database endpoint".
   */
  workloadSecurityGroup(role: string, description: string): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
      `${this.name}-${role}-sg`,
      {
        vpcId: this.vpcId,
        description,
        tags: baseTags(this.env, "network", { Name: `${role}-workload`, workload: role }),
      },
      { parent: this },
    );
  }
}
