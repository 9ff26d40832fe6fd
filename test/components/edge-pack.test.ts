/** Cross-check: the edge components with their defaults pass the whole pack; dropping the firewall fires exactly the WAF rule. */
import { describe, expect, it } from "@jest/globals";
import { LogClasses, SecureLoadBalancer, WebFirewall } from "../../components";
import { Environment } from "../../components/shared/naming";
import { allPolicies } from "../../policy/policies";
import { Capture, capture } from "../support/capture";
import { checkResource, checkStack, FixtureResource, fixtureOf } from "../support/policy";

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

/** Mandatory violations of every policy of the pack, as `policy: message`. */
async function runPack(cap: Capture): Promise<string[]> {
  const custom = cap.resources.filter((r) => r.custom);
  const fixtures: FixtureResource[] = custom.map((r) => fixtureOf(r));
  const found: string[] = [];
  for (const policy of allPolicies) {
    if ((policy as any).enforcementLevel !== "mandatory") continue;
    if ("validateResource" in policy) {
      for (const f of fixtures) {
        const v = await checkResource(policy as any, f);
        expect(v.undecided).toBeUndefined();
        found.push(...v.violations.map((m) => `${policy.name}: ${m}`));
      }
    } else {
      const v = await checkStack(policy as any, fixtures);
      expect(v.undecided).toBeUndefined();
      found.push(...v.violations.map((m) => `${policy.name}: ${m}`));
    }
  }
  return found;
}

describe("edge components against the pack", () => {
  it.each(["prod", "staging"] as const)("pass every mandatory policy with their defaults in %s", async (env) => {
    expect(await runPack(await build(env))).toEqual([]);
  });

  it("fire exactly elb-alb-waf-associated when the firewall is left out", async () => {
    const found = await runPack(await build("prod", false));
    expect(found.map((m) => m.split(":")[0])).toEqual(["elb-alb-waf-associated"]);
  });
});
