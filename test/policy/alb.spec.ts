import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  albAccessLogs,
  albDeletionProtection,
  albDesyncMitigation,
  albDropsInvalidHeaders,
  albHasWaf,
  cameraIngestMtls,
  httpRedirectsToHttps,
  httpsNoDefaultForward,
  httpsSecurityHeaders,
  listenerAcmCertificate,
  listenerTlsPolicy,
  nlbAccessLogs,
  nlbCrossZone,
  nlbDeletionProtection,
  targetGroupHealthCheck,
} from "../../policy/alb";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

const LISTENER = "aws:lb/listener:Listener";
const ALB_LISTENER = "aws:alb/listener:Listener";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";

const redirect = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const http = { loadBalancerArn: UNKNOWN, port: 80, protocol: "HTTP", defaultActions: [redirect] };
const https = {
  loadBalancerArn: UNKNOWN,
  port: 443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  certificateArn: UNKNOWN,
  defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } }],
  routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000; includeSubDomains",
  routingHttpResponseXFrameOptionsHeaderValue: "DENY",
  routingHttpResponseXContentTypeOptionsHeaderValue: "nosniff",
  routingHttpResponseServerEnabled: false,
};
const alb = {
  loadBalancerType: "application",
  internal: false,
  subnets: [UNKNOWN, UNKNOWN],
  dropInvalidHeaderFields: true,
  desyncMitigationMode: "strictest",
  enableDeletionProtection: true,
  accessLogs: { bucket: "app-prod-alb-logs-123456789012", prefix: "alb", enabled: true },
  tags: { environment: "prod" },
};
const ALB_LB = "aws:alb/loadBalancer:LoadBalancer";
/** A hand-written NLB and TLS listener as a secure program writes them. */
const nlb = {
  loadBalancerType: "network",
  internal: false,
  subnets: [UNKNOWN, UNKNOWN],
  enableCrossZoneLoadBalancing: true,
  enableDeletionProtection: true,
  accessLogs: { bucket: "app-prod-alb-logs-123456789012", prefix: "nlb", enabled: true },
  tags: { environment: "prod" },
};
const tlsListener = {
  loadBalancerArn: UNKNOWN,
  port: 322,
  protocol: "TLS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  certificateArn: UNKNOWN,
  defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }],
};
const violations = async (policy: any, type: string, props: Record<string, any>) => (await checkResource(policy, { type, props })).violations;

describe("elb-listener-http-redirects-to-https", () => {
  const fix = ' Fix: set the port-80 listener\'s only default action to { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } (SecureLoadBalancer does this).';

  it("passes an HTTP listener that only redirects to HTTPS (both aws:lb and aws:alb tokens)", async () => {
    assert.deepEqual(await violations(httpRedirectsToHttps, LISTENER, http), []);
    assert.deepEqual(await violations(httpRedirectsToHttps, ALB_LISTENER, http), []);
  });

  it("fails an HTTP listener that forwards", async () => {
    const v = await violations(httpRedirectsToHttps, LISTENER, { ...http, defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/app/1" }] });
    assert.deepEqual(v, [`HTTP listener's default action is forward, not a redirect to HTTPS: requests, credentials and cookies cross the network in clear text.${fix}`]);
  });

  it("still blocks an HTTP listener that forwards to an UNKNOWN target group", async () => {
    const props = withUnknown({ ...http, defaultActions: [{ type: "forward", targetGroupArn: "x" }] }, "defaultActions.0.targetGroupArn");
    const v = await checkResource(httpRedirectsToHttps, { type: LISTENER, props });
    assert.equal(v.undecided, undefined);
    assert.equal(v.violations.length, 1);
  });

  it("fails a redirect to plain HTTP and an HTTP listener without actions; ignores HTTPS listeners", async () => {
    const v = await violations(httpRedirectsToHttps, LISTENER, { ...http, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080", statusCode: "HTTP_302" } }] });
    assert.equal(v[0], `HTTP listener redirects to HTTP, not HTTPS: clients never leave clear text.${fix}`);
    assert.equal((await violations(httpRedirectsToHttps, LISTENER, { ...http, defaultActions: [] }))[0], `HTTP listener has no default action, so nothing sends clients to HTTPS.${fix}`);
    assert.deepEqual(await violations(httpRedirectsToHttps, LISTENER, { ...https, defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] }), []);
  });

  it("treats a listener without a protocol as HTTP", async () => {
    const { protocol, ...noProtocol } = http;
    void protocol;
    assert.equal((await violations(httpRedirectsToHttps, LISTENER, { ...noProtocol, defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] })).length, 1);
  });

  it("is undecided only when the action type itself is unknown", async () => {
    const v = await checkResource(httpRedirectsToHttps, { type: LISTENER, props: withUnknown(http, "defaultActions.0.type") });
    assert.match(v.undecided ?? "", /^defaultActions\[0\]\.type is not known until apply/);
  });
});

describe("elb-listener-tls-policy", () => {
  it("passes TLS13-1-2, TLS13-1-3 and FS-1-2-Res policies", async () => {
    for (const sslPolicy of ["ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"]) {
      assert.deepEqual(await violations(listenerTlsPolicy, LISTENER, { ...https, sslPolicy }), [], sslPolicy);
    }
  });

  it("fails ELBSecurityPolicy-2016-08 and a missing sslPolicy", async () => {
    const fix = ' Fix: set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" (or a TLS13-1-3 policy).';
    assert.deepEqual(await violations(listenerTlsPolicy, ALB_LISTENER, { ...https, sslPolicy: "ELBSecurityPolicy-2016-08" }), [
      `HTTPS listener uses ELBSecurityPolicy-2016-08, which admits protocols or ciphers below TLS 1.2 with forward secrecy.${fix}`,
    ]);
    const { sslPolicy, ...none } = https;
    void sslPolicy;
    assert.deepEqual(await violations(listenerTlsPolicy, LISTENER, none), [`HTTPS listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1.${fix}`]);
  });

  it("passes an NLB TLS listener with a TLS 1.2+ policy in both token forms", async () => {
    assert.deepEqual(await violations(listenerTlsPolicy, LISTENER, tlsListener), []);
    assert.deepEqual(await violations(listenerTlsPolicy, ALB_LISTENER, { ...tlsListener, protocol: "tls", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" }), []);
  });

  it("fails an NLB TLS listener with a weak or missing sslPolicy, in both token forms", async () => {
    const fix = ' Fix: set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" (or a TLS13-1-3 policy).';
    assert.deepEqual(await violations(listenerTlsPolicy, LISTENER, { ...tlsListener, sslPolicy: "ELBSecurityPolicy-TLS-1-0-2015-04" }), [
      `TLS listener uses ELBSecurityPolicy-TLS-1-0-2015-04, which admits protocols or ciphers below TLS 1.2 with forward secrecy.${fix}`,
    ]);
    const { sslPolicy, ...none } = tlsListener;
    void sslPolicy;
    assert.deepEqual(await violations(listenerTlsPolicy, ALB_LISTENER, none), [`TLS listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1.${fix}`]);
    // Plain TCP and UDP listeners carry no TLS policy to check.
    assert.deepEqual(await violations(listenerTlsPolicy, LISTENER, { ...none, protocol: "TCP" }), []);
  });

  it("decides with an unknown certificate ARN", async () => {
    const v = await checkResource(listenerTlsPolicy, { type: LISTENER, props: { ...https, sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01" } });
    assert.equal(v.undecided, undefined);
    assert.equal(v.violations.length, 1);
  });
});

describe("elb-listener-https-host-allowlist", () => {
  it("passes a fixed-response default and fails a default forward, even to an unknown target group", async () => {
    assert.deepEqual(await violations(httpsNoDefaultForward, LISTENER, https), []);
    const v = await checkResource(httpsNoDefaultForward, { type: LISTENER, props: { ...https, defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] } });
    assert.equal(v.undecided, undefined);
    assert.deepEqual(v.violations, [
      'HTTPS listener forwards every request by default, whatever its Host header, which opens Host-header attacks (cache poisoning, password-reset links to foreign hosts). Fix: make the default action { type: "fixed-response", fixedResponse: { statusCode: "404", contentType: "text/plain" } } and forward from ListenerRules with host-header conditions.',
    ]);
  });
});

describe("elb-listener-security-headers", () => {
  it("passes HSTS one year, XFO DENY or SAMEORIGIN and nosniff", async () => {
    assert.deepEqual(await violations(httpsSecurityHeaders, LISTENER, https), []);
    assert.deepEqual(
      await violations(httpsSecurityHeaders, LISTENER, {
        ...https,
        routingHttpResponseXFrameOptionsHeaderValue: "SAMEORIGIN",
        routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=63072000; includeSubDomains; preload",
      }),
      [],
    );
  });

  it("fails a short HSTS max-age", async () => {
    const v = await violations(httpsSecurityHeaders, LISTENER, { ...https, routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=86400" });
    assert.match(v[0], /^HTTPS listener's HSTS "max-age=86400" has a max-age below 31536000 seconds \(one year\)\. Fix: set routingHttpResponseStrictTransportSecurityHeaderValue/);
  });

  it("fails missing HSTS, XFO ALLOW-FROM and missing nosniff, one finding each", async () => {
    const props = {
      ...https,
      routingHttpResponseStrictTransportSecurityHeaderValue: undefined,
      routingHttpResponseXFrameOptionsHeaderValue: "ALLOW-FROM https://x.example",
      routingHttpResponseXContentTypeOptionsHeaderValue: undefined,
    };
    const v = (await violations(httpsSecurityHeaders, LISTENER, props)).map((m) => m.split(" Fix:")[0]);
    assert.deepEqual(v, [
      "HTTPS listener sends no Strict-Transport-Security header, so browsers keep trying plain HTTP first and can be downgraded.",
      'HTTPS listener sets X-Frame-Options to "ALLOW-FROM https://x.example", so other sites can frame the app (clickjacking).',
      "HTTPS listener does not set X-Content-Type-Options: nosniff, so browsers may run uploads or JSON as script.",
    ]);
  });

  it("ignores HTTP listeners and is undecided when a header value is unknown", async () => {
    assert.deepEqual(await violations(httpsSecurityHeaders, LISTENER, http), []);
    const v = await checkResource(httpsSecurityHeaders, { type: LISTENER, props: withUnknown(https, "routingHttpResponseXFrameOptionsHeaderValue") });
    assert.match(v.undecided ?? "", /routingHttpResponseXFrameOptionsHeaderValue is not known until apply/);
  });
});

describe("elb-listener-camera-ingest-mtls", () => {
  const camera = { ...https, tags: { purpose: "camera-ingest" }, mutualAuthentication: { mode: "verify", trustStoreArn: UNKNOWN } };
  it("passes verify with an unknown trust store and ignores untagged listeners", async () => {
    assert.deepEqual(await violations(cameraIngestMtls, LISTENER, camera), []);
    assert.deepEqual(await violations(cameraIngestMtls, LISTENER, https), []);
  });
  it("fails passthrough and missing mTLS", async () => {
    assert.match(
      (await violations(cameraIngestMtls, LISTENER, { ...camera, mutualAuthentication: { mode: "passthrough" } }))[0],
      /^Camera-ingest listener has mutual TLS mode "passthrough", so any client can post streams as a camera\. Fix:/,
    );
    assert.match((await violations(cameraIngestMtls, LISTENER, { ...https, tags: { purpose: "camera-ingest" } }))[0], /^Camera-ingest listener has mutual TLS off/);
  });
});

describe("elb-listener-acm-certificate (advisory)", () => {
  const certUrn = "urn:pulumi:test::fixture::aws:acm/certificateValidation:CertificateValidation::cert";
  const cert = { type: "aws:acm/certificateValidation:CertificateValidation", name: "cert", urn: certUrn, props: { certificateArn: UNKNOWN } };
  const listenerUrn = "urn:pulumi:test::fixture::aws:lb/listener:Listener::https";
  const listener = { type: LISTENER, name: "https", urn: listenerUrn, props: https, propertyDependencies: { certificateArn: [certUrn] } };

  it("passes an unknown ARN from an ACM resource of the stack, and a known ACM ARN", async () => {
    assert.equal(listenerAcmCertificate.enforcementLevel, "advisory");
    const v = await checkStack(listenerAcmCertificate, [cert, listener]);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
    assert.deepEqual(
      (await checkStack(listenerAcmCertificate, [{ ...listener, props: { ...https, certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" }, propertyDependencies: {} }])).violations,
      [],
    );
  });

  it("fails an IAM server certificate, known or from a non-ACM resource, reporting on the listener", async () => {
    const iam = await checkStack(listenerAcmCertificate, [{ ...listener, props: { ...https, certificateArn: "arn:aws:iam::123456789012:server-certificate/legacy" }, propertyDependencies: {} }]);
    assert.deepEqual(iam.urns, [listenerUrn]);
    assert.match(iam.violations[0], /^HTTPS listener https uses certificate arn:aws:iam::123456789012:server-certificate\/legacy, which nothing renews before it expires\. Fix:/);
    const serverCert = { type: "aws:iam/serverCertificate:ServerCertificate", name: "legacy", urn: "urn:pulumi:test::fixture::aws:iam/serverCertificate:ServerCertificate::legacy", props: {} };
    const v = await checkStack(listenerAcmCertificate, [serverCert, { ...listener, propertyDependencies: { certificateArn: [serverCert.urn] } }]);
    assert.match(v.violations[0], /^HTTPS listener https uses a certificate from a non-ACM resource/);
    assert.deepEqual((await checkStack(listenerAcmCertificate, [{ ...listener, props: http, propertyDependencies: {} }])).violations, []);
  });

  it("checks NLB TLS listeners the same way", async () => {
    const tls = { ...listener, name: "rtsps", urn: "urn:pulumi:test::fixture::aws:lb/listener:Listener::rtsps", props: tlsListener };
    assert.deepEqual((await checkStack(listenerAcmCertificate, [cert, tls])).violations, []);
    const iam = await checkStack(listenerAcmCertificate, [{ ...tls, props: { ...tlsListener, certificateArn: "arn:aws:iam::123456789012:server-certificate/legacy" }, propertyDependencies: {} }]);
    assert.match(iam.violations[0], /^TLS listener rtsps uses certificate arn:aws:iam::123456789012:server-certificate\/legacy, which nothing renews before it expires\. Fix:/);
  });
});

describe("load balancer attributes", () => {
  it("passes the hardened ALB on every rule, for aws:lb and aws:alb", async () => {
    for (const type of [LB, "aws:alb/loadBalancer:LoadBalancer"]) {
      for (const p of [albDropsInvalidHeaders, albDesyncMitigation, albAccessLogs, albDeletionProtection]) assert.deepEqual(await violations(p, type, alb), [], `${p.name} ${type}`);
    }
  });

  it("fails dropInvalidHeaderFields false (ELB.4)", async () => {
    assert.deepEqual(await violations(albDropsInvalidHeaders, LB, { ...alb, dropInvalidHeaderFields: false }), [
      "Load balancer passes invalid header fields to targets, which enables request smuggling and header injection. Fix: set dropInvalidHeaderFields: true.",
    ]);
  });

  it("fails desync mode monitor and passes the default (ELB.12)", async () => {
    assert.equal((await violations(albDesyncMitigation, LB, { ...alb, desyncMitigationMode: "monitor" })).length, 1);
    const { desyncMitigationMode, ...dflt } = alb;
    void desyncMitigationMode;
    assert.deepEqual(await violations(albDesyncMitigation, LB, dflt), []);
  });

  it("fails an internet-facing ALB without access logs and passes an internal one (ELB.5)", async () => {
    const v = await violations(albAccessLogs, LB, { ...alb, accessLogs: { bucket: "b", enabled: false } });
    assert.match(v[0], /^Internet-facing load balancer keeps no access logs/);
    assert.equal((await violations(albAccessLogs, LB, { ...alb, accessLogs: undefined })).length, 1);
    assert.deepEqual(await violations(albAccessLogs, LB, { ...alb, internal: true, accessLogs: undefined }), []);
  });

  it("still decides access logs when the bucket name is unknown", async () => {
    const v = await checkResource(albAccessLogs, { type: LB, props: withUnknown(alb, "accessLogs.bucket") });
    assert.equal(v.undecided, undefined);
    assert.deepEqual(v.violations, []);
  });

  it("requires deletion protection unless tagged for a non-prod environment (ELB.6)", async () => {
    assert.match((await violations(albDeletionProtection, LB, { ...alb, enableDeletionProtection: false }))[0], /^Production load balancer has no deletion protection/);
    assert.equal((await violations(albDeletionProtection, LB, { ...alb, enableDeletionProtection: false, tags: {} })).length, 1);
    assert.deepEqual(await violations(albDeletionProtection, LB, { ...alb, enableDeletionProtection: false, tags: { environment: "staging" } }), []);
  });

  it("ignores network load balancers", async () => {
    assert.deepEqual(await violations(albDropsInvalidHeaders, LB, { loadBalancerType: "network", internal: false }), []);
  });
});

describe("network load balancer attributes", () => {
  it("pass a hand-written NLB with access logs, deletion protection and cross-zone, in both token forms", async () => {
    for (const type of [LB, ALB_LB]) {
      for (const policy of [nlbAccessLogs, nlbDeletionProtection, nlbCrossZone]) assert.deepEqual(await violations(policy, type, nlb), [], `${policy.name} ${type}`);
    }
  });

  it("leave application load balancers to the ALB rules", async () => {
    for (const policy of [nlbAccessLogs, nlbDeletionProtection, nlbCrossZone])
      assert.deepEqual(await violations(policy, LB, { ...alb, enableDeletionProtection: false, accessLogs: undefined }), [], policy.name);
  });

  it("elb-nlb-access-logs fails an internet-facing NLB without access logs (both token forms) and skips an internal one", async () => {
    const message =
      'Internet-facing network load balancer keeps no access logs, so TLS clients, handshake failures and stream abuse leave no record. Fix: set accessLogs { bucket, prefix, enabled: true } to a bucket whose policy admits delivery.logs.amazonaws.com (SecureLoadBalancer networkLoadBalancer uses the ALB\'s log bucket, prefix "nlb").';
    const { accessLogs, ...noLogs } = nlb;
    void accessLogs;
    assert.deepEqual(await violations(nlbAccessLogs, LB, noLogs), [message]);
    assert.deepEqual(await violations(nlbAccessLogs, ALB_LB, { ...nlb, accessLogs: { bucket: "b", enabled: false } }), [message]);
    assert.deepEqual(await violations(nlbAccessLogs, LB, { ...noLogs, internal: true }), []);
  });

  it("elb-nlb-deletion-protection fails a prod or untagged NLB without it and skips a staging-tagged one", async () => {
    const message =
      "Production network load balancer has no deletion protection, so one mistaken update or destroy cuts every device stream and changes its DNS name. Fix: set enableDeletionProtection: true (SecureLoadBalancer does this in prod).";
    assert.deepEqual(await violations(nlbDeletionProtection, LB, { ...nlb, enableDeletionProtection: false }), [message]);
    assert.deepEqual(await violations(nlbDeletionProtection, ALB_LB, { ...nlb, enableDeletionProtection: undefined, tags: undefined }), [message]);
    assert.deepEqual(await violations(nlbDeletionProtection, LB, { ...nlb, enableDeletionProtection: false, tags: { environment: "staging" } }), []);
  });

  it("elb-nlb-cross-zone fails an NLB with cross-zone load balancing off or unset (both token forms)", async () => {
    const message =
      "Network load balancer keeps each zone's connections on that zone's targets (cross-zone off), so a zone with few healthy targets overloads them while others idle. Fix: set enableCrossZoneLoadBalancing: true (SecureLoadBalancer does this).";
    assert.deepEqual(await violations(nlbCrossZone, LB, { ...nlb, enableCrossZoneLoadBalancing: false }), [message]);
    const { enableCrossZoneLoadBalancing, ...unset } = nlb;
    void enableCrossZoneLoadBalancing;
    assert.deepEqual(await violations(nlbCrossZone, ALB_LB, unset), [message]);
  });

  it("is undecided when the load balancer type is unknown", async () => {
    const v = await checkResource(nlbCrossZone, { type: LB, props: withUnknown(nlb, "loadBalancerType") });
    assert.match(v.undecided ?? "", /^loadBalancerType is not known until apply/);
  });
});

describe("elb-target-group-health-check-path", () => {
  it("passes an explicit path and fails a missing one or a disabled check", async () => {
    const tg = { port: 8000, protocol: "HTTP", targetType: "ip", vpcId: UNKNOWN, healthCheck: { enabled: true, path: "/health" } };
    assert.deepEqual(await violations(targetGroupHealthCheck, TG, tg), []);
    assert.deepEqual(await violations(targetGroupHealthCheck, "aws:alb/targetGroup:TargetGroup", { ...tg, healthCheck: { enabled: true } }), [
      'Target group has no explicit health check path, so the check hits "/" and passes while the app is broken. Fix: set healthCheck { enabled: true, path: "/health" } (the app\'s health endpoint).',
    ]);
    assert.match((await violations(targetGroupHealthCheck, TG, { ...tg, healthCheck: { enabled: false, path: "/health" } }))[0], /^Target group's health check is disabled/);
    assert.deepEqual(await violations(targetGroupHealthCheck, TG, { port: 443, protocol: "TCP", healthCheck: {} }), []);
  });
});

describe("elb-alb-waf-associated", () => {
  const lbUrn = "urn:pulumi:test::fixture::aws:lb/loadBalancer:LoadBalancer::edge";
  const lb = { type: LB, name: "edge", urn: lbUrn, props: alb };
  const assoc = { type: "aws:wafv2/webAclAssociation:WebAclAssociation", name: "assoc", props: { resourceArn: UNKNOWN, webAclArn: UNKNOWN }, propertyDependencies: { resourceArn: [lbUrn] } };

  it("passes an ALB whose association references it by property dependency while ARNs are unknown", async () => {
    const v = await checkStack(albHasWaf, [lb, assoc]);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
  });

  it("passes by equal known ARN", async () => {
    const arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/edge/1";
    assert.deepEqual(
      (
        await checkStack(albHasWaf, [
          { ...lb, props: { ...alb, arn } },
          { ...assoc, props: { resourceArn: arn, webAclArn: "w" }, propertyDependencies: {} },
        ])
      ).violations,
      [],
    );
  });

  it("fails an internet-facing ALB without an association (or with one for another resource), reporting on the ALB", async () => {
    const v = await checkStack(albHasWaf, [lb, { ...assoc, propertyDependencies: { resourceArn: ["urn:other"] } }]);
    assert.deepEqual(v.urns, [lbUrn]);
    assert.deepEqual(v.violations, [
      "Internet-facing load balancer edge has no web ACL, so SQL injection, known exploits and request floods reach the app unfiltered. Fix: associate a REGIONAL web ACL with the load balancer (aws.wafv2.WebAclAssociation with resourceArn = the ALB ARN; the WebFirewall component does this).",
    ]);
  });

  it("ignores internal ALBs", async () => {
    assert.deepEqual((await checkStack(albHasWaf, [{ ...lb, props: { ...alb, internal: true } }])).violations, []);
  });
});

describe("elb-classic-load-balancer-not-used", () => {
  it("refuses every Classic Load Balancer resource and ignores ALBs", async () => {
    const { classicNotUsed, CLASSIC_ELB_TYPES } = await import("../../policy/alb");
    assert.equal(CLASSIC_ELB_TYPES.length, 8);
    const v = await checkResource(classicNotUsed, {
      type: "aws:elb/loadBalancer:LoadBalancer",
      props: { listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 80, instanceProtocol: "http", sslCertificateId: UNKNOWN }] },
    });
    assert.deepEqual(v.violations, [
      "elb/loadBalancer belongs to a Classic Load Balancer, which cannot use TLS 1.3 policies, a WAFv2 web ACL, header hardening or host-based rules. Fix: use an application load balancer (aws.lb.LoadBalancer; SecureLoadBalancer builds one with HTTPS, TLS 1.3 policy, header hardening, access logs and a web ACL).",
    ]);
    assert.equal((await checkResource(classicNotUsed, { type: "aws:lb/loadBalancer:LoadBalancer", props: {} })).notApplicable, true);
  });
});

describe("elb-load-balancer-multi-az", () => {
  it("passes two subnets (ids unknown) and two subnet mappings", async () => {
    const { multiAz } = await import("../../policy/alb");
    assert.deepEqual((await checkResource(multiAz, { type: "aws:lb/loadBalancer:LoadBalancer", props: { subnets: [UNKNOWN, UNKNOWN] } })).violations, []);
    assert.deepEqual((await checkResource(multiAz, { type: "aws:alb/loadBalancer:LoadBalancer", props: { subnetMappings: [{ subnetId: "a" }, { subnetId: "b" }] } })).violations, []);
  });

  it("fails one subnet, and is undecided when the whole list is unknown", async () => {
    const { multiAz } = await import("../../policy/alb");
    const v = await checkResource(multiAz, { type: "aws:lb/loadBalancer:LoadBalancer", props: { subnets: ["subnet-a"] } });
    assert.deepEqual(v.violations, [
      "Load balancer has 1 subnet(s): one Availability Zone outage takes the whole entry point down. Fix: list a public (or internal) subnet in each of at least two Availability Zones in subnets or subnetMappings.",
    ]);
    assert.match((await checkResource(multiAz, { type: "aws:lb/loadBalancer:LoadBalancer", props: { subnets: UNKNOWN } })).undecided ?? "", /^subnets is not known until apply/);
  });
});
