/** Cross-check: the edge components with their defaults pass the whole pack (its own process, as the CLI runs it); dropping the firewall fires exactly the WAF rule. */
import { describe, expect, it } from "@jest/globals";
import { LogClasses, SecureLoadBalancer, WebFirewall } from "../../components";
import { Environment } from "../../components/shared/naming";
import { Capture, capture } from "../support/capture";
import { runPack } from "../support/pack";

async function build(env: Environment, withFirewall = true): Promise<Capture> {
  return capture(() => {
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
      targets: { app: { port: 8000, healthCheckPath: "/health" } },
    });
    if (withFirewall) new WebFirewall("waf", { environment: env, appName: "shop", logs, resourceArn: lb.arn, apiKey: { header: "x-api-key" } });
  }, { config: { "aws:region": "eu-west-1" } });
}

/** Mandatory violations of the pack (its own enforcement levels) on a capture, as `policy: message`; nothing may be undecided. */
async function mandatory(cap: Capture): Promise<string[]> {
  const r = await runPack(cap);
  expect(r.undecided).toEqual([]);
  return r.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName}: ${v.message}`);
}

describe("edge components against the pack", () => {
  it.each(["prod", "staging"] as const)("pass every mandatory policy with their defaults in %s", async (env) => {
    expect(await mandatory(await build(env))).toEqual([]);
  });

  it("fire exactly elb-alb-waf-associated when the firewall is left out", async () => {
    const found = await mandatory(await build("prod", false));
    expect(found.map((m) => m.split(":")[0])).toEqual(["elb-alb-waf-associated"]);
  });
});
