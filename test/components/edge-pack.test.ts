/**
 * Cross-check: the edge components, with their defaults and with every new shape (host and path routing to
 * several targets, a client-certificate listener, a TLS network load balancer, path tiers with their own
 * windows), pass the whole pack; dropping the firewall or flipping one property of what they build fires
 * exactly the matching policy.
 */
import { describe, expect, it } from "@jest/globals";
import { DEFAULT_PATH_RATES, LogClasses, SecureLoadBalancer, WebFirewall } from "../../components";
import { Environment } from "../../components/shared/naming";
import { Capture, capture } from "../support/capture";
import { runPack } from "../support/pack";

const CAMERA_CA = "-----BEGIN CERTIFICATE-----\nMIIBcamera\n-----END CERTIFICATE-----\n";

async function build(env: Environment, opts: { withFirewall?: boolean; shapes?: boolean } = {}): Promise<Capture> {
  const { withFirewall = true, shapes = false } = opts;
  return capture(
    () => {
      const logs = new LogClasses("logs", { environment: env, appName: "shop" });
      const lb = new SecureLoadBalancer("edge", {
        environment: env,
        appName: "shop",
        vpcId: "vpc-123",
        vpcCidr: "10.40.0.0/16",
        subnetIds: ["subnet-a", "subnet-b"],
        ingressCidrs: ["0.0.0.0/0"],
        domainName: "app.example.com",
        hostedZoneId: "Z0123456789ABC",
        ...(shapes
          ? {
              extraHostNames: ["api.example.com"],
              targets: {
                api: { port: 8000, healthCheckPath: "/api/health", hosts: ["api.example.com"], paths: ["/v1/*"], priority: 100 },
                ingest: { port: 9000, healthCheckPath: "/ingest/health", hosts: ["api.example.com"], paths: ["/ingest/*"], priority: 200 },
                dashboard: { port: 3000, healthCheckPath: "/healthz", hosts: ["app.example.com"], priority: 300 },
              },
              clientCertListener: { caBundlePem: CAMERA_CA, targets: ["ingest"], ingressCidrs: ["198.51.100.0/24"] },
              networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } }, ingressCidrs: ["198.51.100.0/24"] },
            }
          : { targets: { app: { port: 8000, healthCheckPath: "/health" } } }),
      });
      if (withFirewall) {
        new WebFirewall("waf", {
          environment: env,
          appName: "shop",
          logs,
          resourceArn: lb.arn,
          apiKey: { header: "x-api-key" },
          ...(shapes ? { pathRates: { ...DEFAULT_PATH_RATES, ingest: { requests: 120, perSeconds: 60, evaluationWindowSec: 120, paths: ["/ingest/"] } } } : {}),
        });
      }
    },
    { config: { "aws:region": "eu-west-1" } },
  );
}

/** Mandatory violations of the pack (its own process, as the CLI runs it) on a capture, as `policy: message`; nothing may be undecided. */
async function mandatory(cap: Capture): Promise<string[]> {
  const r = await runPack(cap);
  expect(r.undecided).toEqual([]);
  return r.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName}: ${v.message}`);
}

describe("edge components against the pack", () => {
  it.each(["prod", "staging"] as const)("pass every mandatory policy with their defaults in %s", async (env) => {
    expect(await mandatory(await build(env))).toEqual([]);
  });

  it.each(["prod", "staging"] as const)("pass every mandatory policy with several targets, an mTLS listener, an NLB and path tiers in %s", async (env) => {
    const cap = await build(env, { shapes: true });
    expect(
      cap
        .ofType("aws:lb/loadBalancer:LoadBalancer")
        .map((r) => r.inputs.loadBalancerType)
        .sort(),
    ).toEqual(["application", "network"]);
    expect(cap.one("aws:lb/listener:Listener", "edge-mtls").inputs.tags.purpose).toBe("camera-ingest");
    expect(await mandatory(cap)).toEqual([]);
  });

  it("fire exactly elb-alb-waf-associated when the firewall is left out", async () => {
    const found = await mandatory(await build("prod", { withFirewall: false }));
    expect(found.map((m) => m.split(":")[0])).toEqual(["elb-alb-waf-associated"]);
  });

  it.each([
    ["aws:lb/loadBalancer:LoadBalancer", "edge-nlb", "elb-nlb-cross-zone", () => ({ enableCrossZoneLoadBalancing: false })],
    ["aws:lb/loadBalancer:LoadBalancer", "edge-nlb", "elb-nlb-access-logs", (p: any) => ({ accessLogs: { ...p.accessLogs, enabled: false } })],
    ["aws:lb/loadBalancer:LoadBalancer", "edge-nlb", "elb-nlb-deletion-protection", () => ({ enableDeletionProtection: false })],
    ["aws:lb/listener:Listener", "edge-nlb-rtsps", "elb-listener-tls-policy", () => ({ sslPolicy: "ELBSecurityPolicy-2016-08" })],
    ["aws:lb/listener:Listener", "edge-mtls", "elb-listener-camera-ingest-mtls", () => ({ mutualAuthentication: undefined })],
    [
      "aws:lb/listener:Listener",
      "edge-mtls",
      "elb-listener-https-host-allowlist",
      () => ({ defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/x/1" }] }),
    ],
  ])("in prod, %s %s with one property flipped fires exactly %s", async (type, name, policy, change) => {
    const cap = await build("prod", { shapes: true });
    const target = cap.resources.find((r) => r.type === type && r.name === name)!;
    const found = await mandatory(cap.withInputs(target, change(target.inputs)));
    expect(found.map((m) => m.split(":")[0])).toEqual([policy]);
  });
});
