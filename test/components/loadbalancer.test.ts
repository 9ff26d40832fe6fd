import { describe, expect, it } from "@jest/globals";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { SecureLoadBalancer } from "../../components/loadbalancer";
import { SecureLoadBalancerArgs } from "../../components/loadbalancer/args";
import { checkedCaBundle } from "../../components/loadbalancer/validate";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

const REGION = { config: { "aws:region": "eu-west-1" } };
const base: SecureLoadBalancerArgs = {
  environment: "staging",
  appName: "shop",
  vpcId: "vpc-123",
  vpcCidr: "10.40.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
  ingressCidrs: ["0.0.0.0/0"],
  domainName: "app.example.com",
  extraHostNames: ["api.example.com"],
  hostedZoneId: "Z0123456789ABC",
  targets: { app: { port: 8000, healthCheckPath: "/health" } },
};
const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const build =
  (over: Partial<SecureLoadBalancerArgs> = {}) =>
  () =>
    new SecureLoadBalancer("edge", { ...base, ...over });

describe("SecureLoadBalancer", () => {
  it("creates an internet-facing ALB that drops invalid headers, uses strictest desync mode and logs to its bucket", async () => {
    const cap = await capture(build(), REGION);
    const lb = cap.one("aws:lb/loadBalancer:LoadBalancer");
    expect(lb.inputs).toMatchObject({
      loadBalancerType: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: [cap.one("aws:ec2/securityGroup:SecurityGroup").id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      xffHeaderProcessingMode: "append",
      enableDeletionProtection: false,
      idleTimeout: 60,
      accessLogs: { bucket: "shop-staging-alb-logs-123456789012", prefix: "alb", enabled: true },
    });
    // The ALB waits for the bucket policy (ALB checks write access when logs are switched on).
    expect(lb.dependencies).toContain(cap.one("aws:s3/bucketPolicy:BucketPolicy").urn);
  });

  it("turns deletion protection on by default in prod and rejects turning it off there", async () => {
    const cap = await capture(build({ environment: "prod" }), REGION);
    expect(cap.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).toBe(true);
    const { error } = await captureError(build({ environment: "prod", enableDeletionProtection: false }));
    expect((error as ArgumentError).codes).toEqual(["LB_PROD_DELETION_PROTECTION"]);
  });

  it("admits 443 and 80 only from ingressCidrs and egresses only to the VPC on the target port", async () => {
    const cap = await capture(build({ ingressCidrs: ["203.0.113.0/24", "2001:db8::/32"] }), REGION);
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup");
    expect(sg.inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["203.0.113.0/24"], ipv6CidrBlocks: ["2001:db8::/32"], description: "HTTPS from clients" },
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["203.0.113.0/24"], ipv6CidrBlocks: ["2001:db8::/32"], description: "HTTP, redirected to HTTPS" },
    ]);
    expect(sg.inputs.egress).toEqual([{ protocol: "tcp", fromPort: 8000, toPort: 8000, cidrBlocks: ["10.40.0.0/16"], description: "Targets on 8000" }]);
  });

  it("redirects port 80 to HTTPS 443 with a 301 and does nothing else", async () => {
    const cap = await capture(build(), REGION);
    const http = cap.one("aws:lb/listener:Listener", "edge-http");
    expect(http.inputs).toMatchObject({ port: 80, protocol: "HTTP" });
    expect(http.inputs.defaultActions).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
    expect(http.inputs.sslPolicy).toBeUndefined();
  });

  it("serves HTTPS with the TLS 1.2+ AEAD policy, security headers, no Server header, no CSP and a 404 default", async () => {
    const cap = await capture(build(), REGION);
    const https = cap.one("aws:lb/listener:Listener", "edge-https");
    expect(https.inputs).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      certificateArn: cap.one("aws:acm/certificate:Certificate").outputs.arn,
      routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
      routingHttpResponseXFrameOptionsHeaderValue: "DENY",
      routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
      routingHttpResponseServerEnabled: false,
    });
    expect(https.inputs.defaultActions).toEqual([{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } }]);
    expect(https.inputs).not.toHaveProperty("routingHttpResponseContentSecurityPolicyHeaderValue");
    expect(https.inputs).not.toHaveProperty("mutualAuthentication");
  });

  it("adds preload to HSTS, a static CSP and a stricter TLS policy when asked", async () => {
    const cap = await capture(build({ hstsPreload: true, contentSecurityPolicy: "default-src 'self'", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }), REGION);
    expect(cap.one("aws:lb/listener:Listener", "edge-https").inputs).toMatchObject({
      routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains; preload",
      routingHttpResponseContentSecurityPolicyHeaderValue: "default-src 'self'",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
    });
  });

  it("forwards to each target group only for its host-header values", async () => {
    const cap = await capture(build({ targets: { app: { port: 8000, healthCheckPath: "/health" }, api: { port: 9000, healthCheckPath: "/api/health", hosts: ["api.example.com"] } } }), REGION);
    const app = cap.one("aws:lb/targetGroup:TargetGroup", "edge-app");
    expect(app.inputs).toMatchObject({
      vpcId: "vpc-123",
      port: 8000,
      protocol: "HTTP",
      targetType: "ip",
      healthCheck: { enabled: true, path: "/health", protocol: "HTTP", port: "traffic-port", interval: 30, timeout: 10, healthyThreshold: 3, unhealthyThreshold: 3, matcher: "200-399" },
    });
    const https = cap.one("aws:lb/listener:Listener", "edge-https");
    const appRule = cap.one("aws:lb/listenerRule:ListenerRule", "edge-app");
    expect(appRule.inputs).toMatchObject({
      listenerArn: https.outputs.arn,
      priority: 200,
      conditions: [{ hostHeader: { values: ["app.example.com", "api.example.com"] } }],
      actions: [{ type: "forward", targetGroupArn: app.outputs.arn }],
    });
    const apiRule = cap.one("aws:lb/listenerRule:ListenerRule", "edge-api");
    expect(apiRule.inputs).toMatchObject({ priority: 100, conditions: [{ hostHeader: { values: ["api.example.com"] } }] });
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup").inputs.egress.map((e: any) => e.fromPort)).toEqual([8000, 9000]);
  });

  it("exposes the target group ARNs by name and the outputs callers need", async () => {
    let lb!: SecureLoadBalancer;
    const cap = await capture(() => {
      lb = build()();
      return { tg: lb.targetGroupArns.app, dns: lb.dnsName, bucket: lb.logBucketName, suffix: lb.arnSuffix, zone: lb.zoneId };
    }, REGION);
    expect(cap.outputs.tg).toBe(cap.one("aws:lb/targetGroup:TargetGroup").outputs.arn);
    expect(cap.outputs.dns).toMatch(/\.eu-west-1\.elb\.amazonaws\.com$/);
    expect(cap.outputs.bucket).toBe("shop-staging-alb-logs-123456789012");
    expect(cap.outputs.suffix).toMatch(/^app\//);
    expect(cap.outputs.zone).toBe("Z32O12XQLNTSW2");
  });

  it("DNS-validates a certificate for the domain and SANs in the hosted zone", async () => {
    const cap = await capture(build(), REGION);
    const cert = cap.one("aws:acm/certificate:Certificate");
    expect(cert.inputs).toMatchObject({ domainName: "app.example.com", subjectAlternativeNames: ["api.example.com"], validationMethod: "DNS" });
    const records = cap.ofType("aws:route53/record:Record");
    expect(records.map((r) => r.name).sort()).toEqual(["edge-cert-api-example-com", "edge-cert-app-example-com"]);
    expect(records[0].inputs).toMatchObject({ zoneId: "Z0123456789ABC", type: "CNAME", ttl: 300 });
    const validation = cap.one("aws:acm/certificateValidation:CertificateValidation");
    expect(validation.inputs.certificateArn).toBe(cert.outputs.arn);
    expect(validation.inputs.validationRecordFqdns).toHaveLength(2);
  });

  it("uses a given certificate and creates none", async () => {
    const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
    const cap = await capture(build({ certificateArn: arn }), REGION);
    expect(cap.ofType("aws:acm/certificate:Certificate")).toHaveLength(0);
    expect(cap.one("aws:lb/listener:Listener", "edge-https").inputs.certificateArn).toBe(arn);
  });

  it("keeps access logs in a private, SSE-S3, versioned, expiring bucket that denies plain HTTP and admits ELB delivery only", async () => {
    const cap = await capture(build(), REGION);
    const bucket = cap.one("aws:s3/bucket:Bucket");
    expect(bucket.inputs.bucket).toBe("shop-staging-alb-logs-123456789012");
    expect(cap.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
      bucket: bucket.inputs.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(cap.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
    expect(cap.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(cap.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    expect(cap.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0]).toMatchObject({
      status: "Enabled",
      expiration: { days: 365 },
      noncurrentVersionExpiration: { noncurrentDays: 30 },
    });
    const policy = JSON.parse(cap.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
    const arn = "arn:aws:s3:::shop-staging-alb-logs-123456789012";
    expect(policy.Statement).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
      { Sid: "ElbLogDeliveryRegionalAccount", Effect: "Allow", Principal: { AWS: "arn:aws:iam::156460612806:root" }, Action: "s3:PutObject", Resource: `${arn}/alb/AWSLogs/123456789012/*` },
      {
        Sid: "ElbLogDeliveryService",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/alb/AWSLogs/123456789012/*`,
      },
    ]);
  });

  it("keeps the bucket policy known in a preview of a new stack", async () => {
    const cap = await capture(build(), { ...REGION, preview: true });
    expect(JSON.parse(cap.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement[0].Sid).toBe("DenyInsecureTransport");
  });

  it("adds a client-certificate listener on its own port, verifying against a trust store built from a self-signed CA", async () => {
    const cap = await capture(() => {
      const key = new tls.PrivateKey("ca-key", { algorithm: "ECDSA", ecdsaCurve: "P256" });
      const ca = new tls.SelfSignedCert("ca", {
        privateKeyPem: key.privateKeyPem,
        isCaCertificate: true,
        validityPeriodHours: 24,
        allowedUses: ["cert_signing"],
        subject: { commonName: "camera CA" },
      });
      return new SecureLoadBalancer("edge", {
        ...base,
        targets: { app: { port: 8000, healthCheckPath: "/health" }, ingest: { port: 9000, healthCheckPath: "/ingest/health", hosts: ["api.example.com"], paths: ["/ingest/*"], priority: 50 } },
        clientCertListener: { caBundlePem: ca.certPem, targets: ["ingest"], ingressCidrs: ["198.51.100.0/24"] },
      });
    }, REGION);
    const object = cap.one("aws:s3/bucketObjectv2:BucketObjectv2");
    expect(object.inputs).toMatchObject({ bucket: "shop-staging-alb-truststore-123456789012", key: "ca-bundle.pem", content: cap.one("tls:index/selfSignedCert:SelfSignedCert").outputs.certPem });
    expect(object.inputs.content).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const store = cap.one("aws:lb/trustStore:TrustStore");
    expect(store.inputs).toMatchObject({
      caCertificatesBundleS3Bucket: "shop-staging-alb-truststore-123456789012",
      caCertificatesBundleS3Key: "ca-bundle.pem",
      caCertificatesBundleS3ObjectVersion: object.outputs.versionId,
    });
    const mtls = cap.one("aws:lb/listener:Listener", "edge-mtls");
    expect(mtls.inputs).toMatchObject({
      port: 8443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
    });
    expect(mtls.inputs.mutualAuthentication).toEqual({ mode: "verify", trustStoreArn: store.outputs.arn, ignoreClientCertificateExpiry: false });
    expect(mtls.inputs.tags.purpose).toBe("camera-ingest");
    expect(mtls.inputs.defaultActions).toEqual([{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } }]);
    // Browsers keep 443 without client certificates.
    const https = cap.one("aws:lb/listener:Listener", "edge-https");
    expect(https.inputs).not.toHaveProperty("mutualAuthentication");
    expect(https.inputs.tags).not.toHaveProperty("purpose");
    // Only the named target is reachable on the mTLS listener, with the same conditions.
    const rules = cap.ofType("aws:lb/listenerRule:ListenerRule").filter((r) => r.inputs.listenerArn === mtls.outputs.arn);
    expect(rules.map((r) => r.name)).toEqual(["edge-mtls-ingest"]);
    expect(rules[0].inputs).toMatchObject({
      priority: 50,
      conditions: [{ hostHeader: { values: ["api.example.com"] } }, { pathPattern: { values: ["/ingest/*"] } }],
      actions: [{ type: "forward", targetGroupArn: cap.one("aws:lb/targetGroup:TargetGroup", "edge-ingest").outputs.arn }],
    });
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup").inputs.ingress[2]).toEqual({
      protocol: "tcp",
      fromPort: 8443,
      toPort: 8443,
      cidrBlocks: ["198.51.100.0/24"],
      description: "HTTPS with client certificates (devices)",
    });
    // The CA bundle sits in a SecureBucket: CMK-encrypted, access-logged, TLS-only, like any bucket the pack checks.
    const trustBucket = cap.one("hardened:storage:SecureBucket", "edge-truststore");
    expect(trustBucket.parent).toBe(cap.one("hardened:loadbalancer:SecureLoadBalancer").urn);
    const deps = cap.one("aws:s3/bucketObjectv2:BucketObjectv2").dependencies;
    for (const child of ["edge-truststore-policy", "edge-truststore-sse", "edge-truststore-public-access"]) expect(deps.some((u) => u.endsWith(`::${child}`))).toBe(true);
    expect(
      cap
        .ofType("aws:s3/bucketPolicy:BucketPolicy")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["edge-access-logs-policy", "edge-truststore-access-logs-policy", "edge-truststore-policy"]);
  });

  it("uses an existing trust store and creates no bucket for it", async () => {
    const storeArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/cameras/abc";
    const cap = await capture(build({ clientCertListener: { trustStoreArn: storeArn, targets: ["app"], port: 9443, purpose: "device-ingest", ingressCidrs: ["198.51.100.0/24"] } }), REGION);
    expect(cap.ofType("aws:lb/trustStore:TrustStore")).toHaveLength(0);
    expect(cap.ofType("aws:s3/bucket:Bucket")).toHaveLength(1);
    const mtls = cap.one("aws:lb/listener:Listener", "edge-mtls");
    expect(mtls.inputs).toMatchObject({ port: 9443, mutualAuthentication: { mode: "verify", trustStoreArn: storeArn }, tags: { purpose: "device-ingest" } });
  });

  it("gives each target the listener rules that attach it, and each NLB target its listener", async () => {
    const storeArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/cameras/abc";
    const cap = await capture(() => {
      const lb = build({
        targets: { app: { port: 8000, healthCheckPath: "/health" }, api: { port: 9000, healthCheckPath: "/api/health", hosts: ["api.example.com"] } },
        clientCertListener: { trustStoreArn: storeArn, targets: ["app"], ingressCidrs: ["198.51.100.0/24"] },
        networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } }, ingressCidrs: ["198.51.100.0/24"] },
      })();
      const urns = (m: Readonly<Record<string, readonly pulumi.Resource[]>>) => Object.fromEntries(Object.entries(m).map(([k, rs]) => [k, rs.map((r) => r.urn)]));
      return { http: urns(lb.targetAttachments), nlb: urns(lb.nlbTargetAttachments) };
    }, REGION);
    const urn = (type: string, name: string) => cap.one(type, name).urn;
    const rule = "aws:lb/listenerRule:ListenerRule";
    expect(cap.outputs.http).toEqual({ app: [urn(rule, "edge-app"), urn(rule, "edge-mtls-app")], api: [urn(rule, "edge-api")] });
    expect(cap.outputs.nlb).toEqual({ rtsps: [urn("aws:lb/listener:Listener", "edge-nlb-rtsps")] });
    // Each rule forwards to its own target's group: what ecs-service-after-listener looks for.
    expect(cap.one(rule, "edge-mtls-app").inputs.actions).toEqual([{ type: "forward", targetGroupArn: cap.one("aws:lb/targetGroup:TargetGroup", "edge-app").outputs.arn }]);
  });

  it("checks a CA bundle that arrives as an output when it resolves, with the construction-time error", async () => {
    const bad = checkedCaBundle("edge", pulumi.output("not a pem")) as any;
    const [value] = await Promise.allSettled([bad.promise(), bad.isKnown, bad.isSecret]);
    expect(value).toMatchObject({ status: "rejected", reason: { name: "ArgumentError", codes: ["LB_MTLS_CA_BUNDLE"] } });
    await expect((checkedCaBundle("edge", pulumi.output(PEM)) as any).promise()).resolves.toBe(PEM);
  });

  it("routes several targets by host and path, each with its own port and health check", async () => {
    const cap = await capture(
      build({
        targets: {
          dashboard: { port: 3000, healthCheckPath: "/healthz", hosts: ["app.example.com"], priority: 300 },
          api: { port: 8000, healthCheckPath: "/api/health", hosts: ["api.example.com"], paths: ["/v1/*", "/v2/*"], priority: 100 },
          ingest: { port: 9000, healthCheckPath: "/ingest/health", hosts: ["api.example.com"], paths: ["/ingest/*"], priority: 200 },
        },
      }),
      REGION,
    );
    const rule = (k: string) => cap.one("aws:lb/listenerRule:ListenerRule", `edge-${k}`).inputs;
    const tg = (k: string) => cap.one("aws:lb/targetGroup:TargetGroup", `edge-${k}`);
    expect(rule("api")).toMatchObject({
      priority: 100,
      conditions: [{ hostHeader: { values: ["api.example.com"] } }, { pathPattern: { values: ["/v1/*", "/v2/*"] } }],
      actions: [{ type: "forward", targetGroupArn: tg("api").outputs.arn }],
    });
    expect(rule("ingest")).toMatchObject({ priority: 200, conditions: [{ hostHeader: { values: ["api.example.com"] } }, { pathPattern: { values: ["/ingest/*"] } }] });
    expect(rule("dashboard").conditions).toEqual([{ hostHeader: { values: ["app.example.com"] } }]);
    expect([tg("api"), tg("ingest"), tg("dashboard")].map((t) => [t.inputs.port, t.inputs.healthCheck.path])).toEqual([
      [8000, "/api/health"],
      [9000, "/ingest/health"],
      [3000, "/healthz"],
    ]);
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup").inputs.egress.map((e: any) => e.fromPort)).toEqual([3000, 8000, 9000]);
    expect(cap.one("aws:lb/listener:Listener", "edge-https").inputs.defaultActions[0].type).toBe("fixed-response");
  });

  it("adds a network load balancer with TLS listeners, access logs, cross-zone and prod deletion protection when asked", async () => {
    const cap = await capture(build({ environment: "prod", networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } }, ingressCidrs: ["198.51.100.0/24"] } }), REGION);
    const nlb = cap.one("aws:lb/loadBalancer:LoadBalancer", "edge-nlb");
    const bucketPolicy = cap.one("aws:s3/bucketPolicy:BucketPolicy");
    expect(nlb.inputs).toMatchObject({
      loadBalancerType: "network",
      internal: false,
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: [cap.one("aws:ec2/securityGroup:SecurityGroup", "edge-nlb-sg").id],
      enableCrossZoneLoadBalancing: true,
      enableDeletionProtection: true,
      accessLogs: { bucket: "shop-prod-alb-logs-123456789012", prefix: "nlb", enabled: true },
    });
    expect(nlb.dependencies).toContain(bucketPolicy.urn);
    const listener = cap.one("aws:lb/listener:Listener", "edge-nlb-rtsps");
    const tg = cap.one("aws:lb/targetGroup:TargetGroup", "edge-nlb-rtsps");
    expect(listener.inputs).toMatchObject({
      loadBalancerArn: nlb.outputs.arn,
      port: 322,
      protocol: "TLS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      certificateArn: cap.one("aws:acm/certificateValidation:CertificateValidation").outputs.certificateArn,
      defaultActions: [{ type: "forward", targetGroupArn: tg.outputs.arn }],
    });
    expect(tg.inputs).toMatchObject({
      port: 8554,
      protocol: "TCP",
      targetType: "ip",
      healthCheck: { enabled: true, protocol: "TCP", port: "traffic-port", interval: 30, healthyThreshold: 3, unhealthyThreshold: 3 },
    });
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "edge-nlb-sg").inputs;
    expect(sg.ingress).toEqual([{ protocol: "tcp", fromPort: 322, toPort: 322, cidrBlocks: ["198.51.100.0/24"], description: "TLS rtsps" }]);
    expect(sg.egress).toEqual([{ protocol: "tcp", fromPort: 8554, toPort: 8554, cidrBlocks: ["10.40.0.0/16"], description: "Targets on 8554" }]);
    const arn = "arn:aws:s3:::shop-prod-alb-logs-123456789012";
    const source = { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-west-1:123456789012:*" } };
    expect(JSON.parse(bucketPolicy.inputs.policy).Statement.slice(3)).toEqual([
      { Sid: "NlbLogDeliveryAclCheck", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn, Condition: source },
      {
        Sid: "NlbLogDeliveryWrite",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/nlb/AWSLogs/123456789012/*`,
        Condition: { ...source, StringEquals: { "aws:SourceAccount": "123456789012", "s3:x-amz-acl": "bucket-owner-full-control" } },
      },
    ]);
  });

  it("creates no network load balancer unless asked", async () => {
    const cap = await capture(build(), REGION);
    expect(cap.ofType("aws:lb/loadBalancer:LoadBalancer").map((r) => r.name)).toEqual(["edge-alb"]);
    expect(JSON.parse(cap.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement).toHaveLength(3);
  });

  it("accepts a prod load balancer with an imported certificate and no hosted zone", async () => {
    const cap = await capture(build({ environment: "prod", hostedZoneId: undefined, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }), REGION);
    expect(cap.ofType("aws:acm/certificate:Certificate")).toHaveLength(0);
  });

  it("raises 5xx, unhealthy-host, p95 latency and error-rate alarms when given a topic", async () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:alarms";
    const cap = await capture(build({ alarmTopicArn: topic }), REGION);
    const alarms = Object.fromEntries(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => [r.name, r.inputs]));
    const suffix = cap.one("aws:lb/loadBalancer:LoadBalancer").outputs.arnSuffix;
    expect(Object.keys(alarms).sort()).toEqual(["edge-app-unhealthy", "edge-cert-expiry", "edge-elb-5xx", "edge-error-rate", "edge-latency-p95", "edge-target-5xx"]);
    expect(alarms["edge-cert-expiry"]).toMatchObject({
      namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry",
      statistic: "Minimum",
      period: 86400,
      comparisonOperator: "LessThanThreshold",
      threshold: 30,
      dimensions: { CertificateArn: cap.one("aws:acm/certificate:Certificate").outputs.arn },
    });
    expect(alarms["edge-elb-5xx"]).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_ELB_5XX_Count",
      statistic: "Sum",
      threshold: 10,
      dimensions: { LoadBalancer: suffix },
      alarmActions: [topic],
    });
    expect(alarms["edge-app-unhealthy"]).toMatchObject({
      metricName: "UnHealthyHostCount",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      dimensions: { LoadBalancer: suffix, TargetGroup: cap.one("aws:lb/targetGroup:TargetGroup").outputs.arnSuffix },
    });
    expect(alarms["edge-latency-p95"]).toMatchObject({ metricName: "TargetResponseTime", extendedStatistic: "p95", threshold: 1.5 });
    expect(alarms["edge-error-rate"].threshold).toBe(0.05);
    expect(alarms["edge-error-rate"].metricQueries[0]).toEqual({ id: "rate", expression: "(FILL(t5xx,0)+FILL(elb5xx,0))/requests", label: "5xx error rate", returnData: true });
    expect(alarms["edge-error-rate"].metricQueries.slice(1).map((q: any) => q.metric.metricName)).toEqual(["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "RequestCount"]);
  });

  it("creates no alarms without a topic", async () => {
    const cap = await capture(build(), REGION);
    expect(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(0);
  });

  it.each([
    [{ sslPolicy: "ELBSecurityPolicy-2016-08" as never }, "LB_SSL_POLICY", "sslPolicy"],
    [{ ingressCidrs: [] }, "LB_INGRESS_EMPTY", "ingressCidrs"],
    [{ ingressCidrs: ["everyone"] }, "LB_INGRESS_CIDR", "ingressCidrs[0]"],
    [{ targets: {} }, "LB_NO_TARGETS", "targets"],
    [{ targets: { app: { port: 8000, healthCheckPath: "health" } } }, "LB_HEALTH_PATH", "targets.app.healthCheckPath"],
    [{ targets: { app: { port: 8000, healthCheckPath: "/health", hosts: ["evil.example.net"] } } }, "LB_HOST_NOT_ALLOWED", "targets.app.hosts"],
    [{ domainName: "App.Example.com" }, "LB_HOST_NAME", "domainName"],
    [{ clientCertListener: { caBundlePem: PEM, targets: ["app"], mode: "passthrough" as never, ingressCidrs: ["198.51.100.0/24"] } }, "LB_MTLS_MODE", "clientCertListener.mode"],
    [{ clientCertListener: { targets: ["app"], ingressCidrs: ["198.51.100.0/24"] } }, "LB_MTLS_TRUST_STORE", "clientCertListener"],
    [
      {
        clientCertListener: {
          caBundlePem: PEM,
          trustStoreArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/x/0123456789abcdef",
          targets: ["app"],
          ingressCidrs: ["198.51.100.0/24"],
        },
      },
      "LB_MTLS_TRUST_STORE",
      "clientCertListener",
    ],
    [{ clientCertListener: { caBundlePem: "not a pem", targets: ["app"], ingressCidrs: ["198.51.100.0/24"] } }, "LB_MTLS_CA_BUNDLE", "clientCertListener.caBundlePem"],
    [{ clientCertListener: { caBundlePem: PEM, targets: ["app"], port: 443, ingressCidrs: ["198.51.100.0/24"] } }, "LB_MTLS_PORT", "clientCertListener.port"],
    [{ clientCertListener: { caBundlePem: PEM, targets: ["cameras"], ingressCidrs: ["198.51.100.0/24"] } }, "LB_MTLS_TARGETS", "clientCertListener.targets[0]"],
    [{ clientCertListener: { caBundlePem: PEM, targets: [], ingressCidrs: ["198.51.100.0/24"] } }, "LB_MTLS_TARGETS", "clientCertListener.targets"],
    [{ targets: { app: { port: 8000, healthCheckPath: "/health", paths: ["api/*"] } } }, "LB_TARGET_PATHS", "targets.app.paths[0]"],
    [{ targets: { app: { port: 8000, healthCheckPath: "/health", paths: ["/a", "/b", "/c", "/d"] } } }, "LB_TARGET_PATHS", "targets.app.paths"],
    [{ extraHostNames: ["api.example.com", "www.example.com", "cdn.example.com"] }, "LB_TARGET_HOSTS", "targets.app.hosts"],
    [{ targets: { app: { port: 8000, healthCheckPath: "/health", paths: ["/a", "/b", "/c"] } }, extraHostNames: ["api.example.com", "www.example.com"] }, "LB_RULE_VALUES", "targets.app"],
    [
      { targets: { app: { port: 8000, healthCheckPath: "/health", priority: 10 }, api: { port: 9000, healthCheckPath: "/api/health", paths: ["/api/*"], priority: 20 } } },
      "LB_RULE_SHADOWED",
      "targets.api.priority",
    ],
    [{ clientCertListener: { caBundlePem: PEM, targets: ["app"] } as never }, "LB_DEVICE_CIDRS", "clientCertListener.ingressCidrs"],
    [{ clientCertListener: { caBundlePem: PEM, targets: ["app"], ingressCidrs: ["0.0.0.0/0"] } }, "LB_DEVICE_CIDRS_WORLD", "clientCertListener.ingressCidrs[0]"],
    [{ networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } } } as never }, "LB_DEVICE_CIDRS", "networkLoadBalancer.ingressCidrs"],
    [{ networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } }, ingressCidrs: ["198.51.100.0/24", "::/0"] } }, "LB_DEVICE_CIDRS_WORLD", "networkLoadBalancer.ingressCidrs[1]"],
    [{ networkLoadBalancer: { listeners: {}, ingressCidrs: ["198.51.100.0/24"] } }, "LB_NLB_LISTENERS", "networkLoadBalancer.listeners"],
    [{ networkLoadBalancer: { listeners: { rtsps: { port: 0, targetPort: 8554 } }, ingressCidrs: ["198.51.100.0/24"] } }, "LB_NLB_PORT", "networkLoadBalancer.listeners.rtsps.port"],
    [
      { networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } }, sslPolicy: "ELBSecurityPolicy-2016-08" as never, ingressCidrs: ["198.51.100.0/24"] } },
      "LB_SSL_POLICY",
      "networkLoadBalancer.sslPolicy",
    ],
    [{ environment: "prod" as const, hostedZoneId: undefined }, "LB_CERT_VALIDATION", "hostedZoneId"],
    [{ contentSecurityPolicy: " " }, "LB_CSP_EMPTY", "contentSecurityPolicy"],
    [{ subnetIds: ["subnet-a"] }, "LB_SUBNETS", "subnetIds"],
    [{ latencyP95Seconds: 0 }, "LB_LATENCY_THRESHOLD", "latencyP95Seconds"],
    [{ vpcCidr: "8.8.0.0/16" }, "LB_VPC_CIDR", "vpcCidr"],
  ])("rejects %j with %s before any child registers", async (over, code, arg) => {
    const { error, registered } = await captureError(build(over));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual([code]);
    expect((error as Error).message).toContain(`${arg}:`);
    expect(registered).toBe(0);
  });
});
