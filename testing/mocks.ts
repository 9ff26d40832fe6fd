/**
 * Realistic mock outputs for the Pulumi mock runtime: ids, ARNs, endpoints and the invokes programs make.
 *
 * In resolved mode every output is known (what `pulumi up` gives the pack). In preview mode the mock
 * returns only the inputs, so ids, ARNs and every provider-computed value are unknown, exactly as in
 * `pulumi preview` of a new stack.
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { processCache } from "../components/shared/process-cache";

export const MOCK_ACCOUNT = "123456789012";
export const MOCK_REGION = "eu-west-1";

export interface MockOptions {
  /** true: outputs are the inputs only (preview of a new stack). */
  readonly preview?: boolean;
  /** Region answered by getRegion and used in ARNs; defaults to the aws:region config. */
  readonly region?: string;
  /**
   * Answers for invokes the built-in mocks do not know (or to override one), by token, e.g.
   * `{ "aws:route53/getZone:getZone": (inputs) => ({ zoneId: "Z123", name: inputs.name }) }`.
   * @default {} (only the built-in answers)
   */
  readonly invokes?: Readonly<Record<string, (inputs: Record<string, any>) => Record<string, any>>>;
}

function hash(text: string, len = 17): string {
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, len);
}

/** A service prefix and ARN resource path for the AWS types whose ARNs programs use. */
function arnFor(type: string, name: string, inputs: Record<string, any>, region: string): string | undefined {
  const [pkg, mod] = type.split(":");
  if (pkg !== "aws") return undefined;
  const service = mod.split("/")[0];
  const id = hash(`${type}/${name}`, 8);
  const acct = MOCK_ACCOUNT;
  switch (type) {
    case "aws:iam/role:Role":
      return `arn:aws:iam::${acct}:role/${inputs.name ?? name}`;
    case "aws:iam/policy:Policy":
      return `arn:aws:iam::${acct}:policy/${inputs.name ?? name}`;
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return `arn:aws:s3:::${inputs.bucket ?? name}`;
    case "aws:secretsmanager/secret:Secret":
      return `arn:aws:secretsmanager:${region}:${acct}:secret:${inputs.name ?? name}-${hash(name, 6)}`;
    case "aws:kms/key:Key":
      return `arn:aws:kms:${region}:${acct}:key/${uuidFrom(name)}`;
    case "aws:cloudwatch/logGroup:LogGroup":
      return `arn:aws:logs:${region}:${acct}:log-group:${inputs.name ?? name}`;
    case "aws:sns/topic:Topic":
      return `arn:aws:sns:${region}:${acct}:${inputs.name ?? name}`;
    case "aws:ecr/repository:Repository":
      return `arn:aws:ecr:${region}:${acct}:repository/${inputs.name ?? name}`;
    case "aws:lb/loadBalancer:LoadBalancer":
    case "aws:alb/loadBalancer:LoadBalancer":
      return `arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/app/${inputs.name ?? name}/${id}`;
    case "aws:lb/targetGroup:TargetGroup":
    case "aws:alb/targetGroup:TargetGroup":
      return `arn:aws:elasticloadbalancing:${region}:${acct}:targetgroup/${inputs.name ?? name}/${id}`;
    case "aws:lb/listener:Listener":
    case "aws:alb/listener:Listener":
      return `arn:aws:elasticloadbalancing:${region}:${acct}:listener/app/${name}/${id}`;
    case "aws:rds/instance:Instance":
      return `arn:aws:rds:${region}:${acct}:db:${inputs.identifier ?? name}`;
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return `arn:aws:elasticache:${region}:${acct}:replicationgroup:${inputs.replicationGroupId ?? name}`;
    case "aws:wafv2/webAcl:WebAcl":
      return `arn:aws:wafv2:${region}:${acct}:regional/webacl/${inputs.name ?? name}/${uuidFrom(name)}`;
    case "aws:backup/vault:Vault":
      return `arn:aws:backup:${region}:${acct}:backup-vault:${inputs.name ?? name}`;
    case "aws:ecs/cluster:Cluster":
      return `arn:aws:ecs:${region}:${acct}:cluster/${inputs.name ?? name}`;
    case "aws:ecs/taskDefinition:TaskDefinition":
      return `arn:aws:ecs:${region}:${acct}:task-definition/${inputs.family ?? name}:1`;
    default:
      return `arn:aws:${service}:${region}:${acct}:${mod.split(":")[1]?.toLowerCase() ?? service}/${inputs.name ?? name}`;
  }
}

function uuidFrom(seed: string): string {
  const h = hash(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Physical ids in the shapes AWS uses, so tests read like real state. */
function idFor(type: string, name: string, inputs: Record<string, any>, arn: string | undefined): string {
  const h = hash(`${type}/${name}`);
  const byType: Record<string, string> = {
    "aws:ec2/vpc:Vpc": `vpc-${h}`,
    "aws:ec2/subnet:Subnet": `subnet-${h}`,
    "aws:ec2/securityGroup:SecurityGroup": `sg-${h}`,
    "aws:ec2/internetGateway:InternetGateway": `igw-${h}`,
    "aws:ec2/natGateway:NatGateway": `nat-${h}`,
    "aws:ec2/eip:Eip": `eipalloc-${h}`,
    "aws:ec2/routeTable:RouteTable": `rtb-${h}`,
    "aws:ec2/vpcEndpoint:VpcEndpoint": `vpce-${h}`,
    "aws:ec2/flowLog:FlowLog": `fl-${h}`,
    "aws:kms/key:Key": arn?.split("/").pop() ?? h,
    ...(inputs.bucket && /^aws:s3\/bucket(V2)?:/.test(type) ? { [type]: inputs.bucket } : {}),
  };
  if (byType[type]) return byType[type];
  if (type.startsWith("aws:") && arn && /(role|policy|logGroup|topic|repository|secret|loadBalancer|targetGroup|listener|webAcl)/i.test(type)) return arn;
  return inputs.name ?? inputs.identifier ?? `${name}-${hash(name, 8)}`;
}

/**
 * Types whose `name` the provider generates when the program gives none (`<resource name>-<7 hex>`). It is
 * chosen in the provider's Check, so it is known in a preview as well as after apply.
 */
const AUTONAMED = new Set([
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:elasticache/parameterGroup:ParameterGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:lb/targetGroup:TargetGroup",
  "aws:iam/role:Role",
  "aws:iam/policy:Policy",
]);
const autoname = (type: string, name: string, inputs: Record<string, any>) => (AUTONAMED.has(type) && inputs.name === undefined ? { name: `${name}-${hash(name, 7)}` } : {});

/** Provider-computed outputs beyond id/arn for the types whose outputs programs read. */
function computed(type: string, name: string, inputs: Record<string, any>, region: string, arn: string | undefined): Record<string, any> {
  const acct = MOCK_ACCOUNT;
  switch (type) {
    case "aws:rds/instance:Instance": {
      const address = `${inputs.identifier ?? name}.c${hash(name, 10)}.${region}.rds.amazonaws.com`;
      return {
        address,
        endpoint: `${address}:${inputs.port ?? 5432}`,
        port: inputs.port ?? 5432,
        resourceId: `db-${hash(name, 26).toUpperCase()}`,
        masterUserSecrets: [
          { secretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:rds!db-${uuidFrom(name)}-${hash(name, 6)}`, kmsKeyId: inputs.masterUserSecretKmsKeyId, secretStatus: "active" },
        ],
      };
    }
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return {
        primaryEndpointAddress: `master.${inputs.replicationGroupId ?? name}.${hash(name, 6)}.euw1.cache.amazonaws.com`,
        readerEndpointAddress: `replica.${inputs.replicationGroupId ?? name}.${hash(name, 6)}.euw1.cache.amazonaws.com`,
        port: inputs.port ?? 6379,
      };
    case "aws:lb/loadBalancer:LoadBalancer":
    case "aws:alb/loadBalancer:LoadBalancer":
      return { dnsName: `${inputs.name ?? name}-${hash(name, 10)}.${region}.elb.amazonaws.com`, zoneId: "Z32O12XQLNTSW2", arnSuffix: arn?.split(":loadbalancer/")[1] };
    case "aws:lb/targetGroup:TargetGroup":
    case "aws:alb/targetGroup:TargetGroup":
      return { arnSuffix: arn?.split(":")[5] };
    case "aws:ecr/repository:Repository":
      return { repositoryUrl: `${acct}.dkr.ecr.${region}.amazonaws.com/${inputs.name ?? name}`, registryId: acct };
    case "aws:kms/key:Key":
      return { keyId: arn?.split("/").pop() };
    case "aws:acm/certificate:Certificate":
      return {
        domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].map((d: string) => ({
          domainName: d,
          resourceRecordName: `_${hash(d, 32)}.${d}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: `_${hash(d + "v", 32)}.acm-validations.aws.`,
        })),
      };
    case "aws:ec2/securityGroup:SecurityGroup":
      return { ownerId: acct };
    case "aws:ec2/vpc:Vpc":
      return { defaultSecurityGroupId: `sg-${hash(name + "default")}`, defaultNetworkAclId: `acl-${hash(name)}`, mainRouteTableId: `rtb-${hash(name + "main")}` };
    case "aws:wafv2/webAcl:WebAcl":
      return { capacity: 1000 };
    case "aws:route53/record:Record":
      return { fqdn: String(inputs.name ?? name).replace(/\.$/, "") };
    case "tls:index/selfSignedCert:SelfSignedCert":
      return { certPem: `-----BEGIN CERTIFICATE-----\n${Buffer.from(hash(`${name}/cert`, 64)).toString("base64")}\n-----END CERTIFICATE-----\n` };
    case "aws:serverlessrepository/cloudFormationStack:CloudFormationStack":
      // The Secrets Manager rotation applications output the function they create.
      return { outputs: { RotationLambdaARN: `arn:aws:lambda:${region}:${acct}:function:${inputs.parameters?.functionName ?? name}` } };
    case "aws:s3/bucketObjectv2:BucketObjectv2":
      return { versionId: hash(`${name}/version`, 32) };
    case "random:index/randomPassword:RandomPassword":
    case "random:index/randomString:RandomString": {
      const len = inputs.length ?? 32;
      const alphabet = inputs.special === false ? "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789" : "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_";
      let result = "";
      for (let block = 0; result.length < len; block++) {
        for (const b of crypto
          .createHash("sha512")
          .update(`${type}/${name}${inputs.keepers ? `/${JSON.stringify(inputs.keepers)}` : ""}/${block}`)
          .digest())
          result += alphabet[b % alphabet.length];
      }
      return { result: result.slice(0, len), bcryptHash: `$2a$10$${hash(name, 53)}` };
    }
    case "random:index/randomBytes:RandomBytes": {
      const buf = crypto
        .createHash("sha512")
        .update(name)
        .digest()
        .subarray(0, inputs.length ?? 32);
      return { hex: buf.toString("hex"), base64: buf.toString("base64") };
    }
    case "tls:index/privateKey:PrivateKey":
      return privateKey(inputs);
    case "docker:index/image:Image":
      return { repoDigest: `${String(inputs.imageName).split(":")[0]}@sha256:${crypto.createHash("sha256").update(name).digest("hex")}`, baseImageName: inputs.imageName };
    default:
      return {};
  }
}

/**
 * Key material by shape, kept for the process so a harness that loads the mocks again in it (a test runner's
 * isolated module registry) does not generate again: an RSA key takes a few hundred milliseconds.
 */
const keyCache = processCache<Record<string, string>>("mockKeys");
/** Real key material (generated once per shape), so PEM/PKCS#8/JWKS handling is exercised for real. */
function privateKey(inputs: Record<string, any>): Record<string, string> {
  const algorithm = inputs.algorithm ?? "RSA";
  const cacheKey = `${algorithm}/${inputs.rsaBits ?? 2048}/${inputs.ecdsaCurve ?? ""}`;
  const hit = keyCache.get(cacheKey);
  if (hit) return hit;
  const pair =
    algorithm === "ECDSA"
      ? crypto.generateKeyPairSync("ec", { namedCurve: inputs.ecdsaCurve === "P384" ? "secp384r1" : "prime256v1" })
      : crypto.generateKeyPairSync("rsa", { modulusLength: inputs.rsaBits ?? 2048, publicExponent: 65537 });
  const pkcs8 = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const pub = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
  const out = {
    privateKeyPem: algorithm === "RSA" ? pair.privateKey.export({ type: "pkcs1", format: "pem" }).toString() : pair.privateKey.export({ type: "sec1", format: "pem" }).toString(),
    privateKeyPemPkcs8: pkcs8,
    publicKeyPem: pub,
    publicKeyFingerprintSha256: `SHA256:${crypto.createHash("sha256").update(pub).digest("base64")}`,
  };
  keyCache.set(cacheKey, out);
  return out;
}

/** The invokes programs make: availability zones, caller identity, region, partition, policy documents. */
function invoke(token: string, inputs: Record<string, any>, region: string): Record<string, any> {
  switch (token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { names: ["a", "b", "c"].map((s) => `${region}${s}`), zoneIds: ["1", "2", "3"].map((n) => `euw1-az${n}`), id: region, state: "available" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`, userId: "AIDAEXAMPLE", id: MOCK_ACCOUNT };
    case "aws:index/getRegion:getRegion":
      return { name: inputs.region ?? region, region: inputs.region ?? region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { json: JSON.stringify({ Version: "2012-10-17", Statement: (inputs.statements ?? []).map(toIamStatement) }) };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        authorizationToken: Buffer.from("AWS:mock-ecr-password").toString("base64"),
        userName: "AWS",
        password: "mock-ecr-password",
        proxyEndpoint: `https://${inputs.registryId ?? MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com`,
        expiresAt: "2030-01-01T00:00:00Z",
        id: region,
        region,
      };
    case "aws:elb/getServiceAccount:getServiceAccount":
      return { arn: "arn:aws:iam::156460612806:root", id: "156460612806" };
    default:
      throw new Error(`mock: no answer for invoke ${token}; answer it with the invokes option of the mocks (capture(program, { invokes: { "${token}": (inputs) => ({ ... }) } })).`);
  }
}

function toIamStatement(s: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { Effect: s.effect ?? "Allow" };
  if (s.sid) out.Sid = s.sid;
  if (s.actions) out.Action = s.actions;
  if (s.resources) out.Resource = s.resources;
  if (s.principals) out.Principal = Object.fromEntries(s.principals.map((p: any) => [p.type, p.identifiers]));
  if (s.conditions) {
    out.Condition = {};
    for (const c of s.conditions) out.Condition[c.test] = { ...(out.Condition[c.test] ?? {}), [c.variable]: c.values };
  }
  return out;
}

/** Builds the mocks for `pulumi.runtime.setMocks`. */
export function awsMocks(options: MockOptions = {}): pulumi.runtime.Mocks {
  const defaultRegion = () => options.region ?? pulumi.runtime.getConfig("aws:region") ?? MOCK_REGION;
  // Explicit aws providers (e.g. a DR region): resources created through one get ARNs in its region.
  const providerRegions = new Map<string, string>();
  const regionOf = (provider?: string) => (provider ? providerRegions.get(provider.split("::").pop() ?? "") : undefined) ?? defaultRegion();
  return {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      if (args.type === "pulumi:providers:aws" && args.inputs.region) providerRegions.set(`${args.name}-provider-id`, args.inputs.region);
      if (args.type === "pulumi:providers:aws" && !options.preview) return { id: `${args.name}-provider-id`, state: args.inputs };
      if (options.preview) return { id: undefined as unknown as string, state: { ...args.inputs, ...autoname(args.type, args.name, args.inputs) } };
      const region = regionOf(args.provider);
      const arn = arnFor(args.type, args.name, args.inputs, region);
      const state = { ...args.inputs, ...autoname(args.type, args.name, args.inputs), ...(arn ? { arn } : {}), ...computed(args.type, args.name, args.inputs, region, arn) };
      return { id: idFor(args.type, args.name, args.inputs, arn), state };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      const own = options.invokes?.[args.token];
      return own ? own(args.inputs) : invoke(args.token, args.inputs, regionOf(args.provider));
    },
  };
}
