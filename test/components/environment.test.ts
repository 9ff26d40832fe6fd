/**
 * One meaning of prod in the components: `environment` is exactly "staging" or "prod". Anything else
 * ("Prod", "prod ", "production", a missing value from JavaScript or config) is refused by every component
 * before any child registers, so a misspelt prod never gets staging's defaults.
 */
import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import {
  BackupPlan,
  HardenedService,
  LogClasses,
  Monitoring,
  Network,
  OneOffTask,
  SecretSet,
  SecureBucket,
  SecureCache,
  SecureDatabase,
  SecureLoadBalancer,
  ServiceCluster,
  WebFirewall,
} from "../../components";
import { ArgumentError } from "../../components/shared/errors";
import { checkEnvironment, isProd } from "../../components/shared/naming";
import { captureError } from "../support/capture";

const COMPONENTS: Record<string, (env: unknown) => unknown> = {
  LogClasses: (environment) => new LogClasses("logs", { environment, appName: "shop" } as any),
  Network: (environment) => new Network("net", { environment } as any),
  SecureDatabase: (environment) => new SecureDatabase("db", { environment, appName: "shop", allowedCidrs: ["10.8.0.0/16"] } as any),
  SecureCache: (environment) => new SecureCache("cache", { environment, appName: "shop", allowedCidrs: ["10.8.0.0/16"] } as any),
  SecretSet: (environment) => new SecretSet("secrets", { environment, appName: "shop", secrets: {} } as any),
  SecureLoadBalancer: (environment) => new SecureLoadBalancer("edge", { environment, appName: "shop", domainName: "app.example.com", ingressCidrs: ["0.0.0.0/0"], targets: {} } as any),
  WebFirewall: (environment) => new WebFirewall("waf", { environment, appName: "shop" } as any),
  HardenedService: (environment) => new HardenedService("app", { environment, appName: "shop", user: "10001:10001" } as any),
  BackupPlan: (environment) => new BackupPlan("backup", { environment, appName: "shop" } as any),
  Monitoring: (environment) => new Monitoring("mon", { environment, appName: "shop", alertEmails: ["a@example.com"] } as any),
  SecureBucket: (environment) => new SecureBucket("uploads", { environment, appName: "shop", purpose: "uploads" } as any),
  ServiceCluster: (environment) => new ServiceCluster("cluster", { environment, appName: "shop" } as any),
  OneOffTask: (environment) => new OneOffTask("migrate", { environment, appName: "shop", taskName: "migrate" } as any),
};

describe("environment", () => {
  it("is prod only when exactly prod", () => {
    expect([isProd("prod"), isProd("staging"), isProd("Prod" as any), isProd("prod " as any)]).toEqual([true, false, false, false]);
    expect([checkEnvironment("Network", "net", "prod"), checkEnvironment("Network", "net", "staging")]).toEqual(["prod", "staging"]);
  });

  it.each([
    ["Prod", 'set environment: "prod".'],
    ["prod ", 'set environment: "prod".'],
    ["production", 'set environment: "prod".'],
    ["Staging", 'set environment: "staging".'],
    ["dev", 'set environment: "staging" or "prod" (prod turns on the stricter defaults and floors).'],
    [undefined, 'set environment: "staging" or "prod" (prod turns on the stricter defaults and floors).'],
    [1, 'set environment: "staging" or "prod" (prod turns on the stricter defaults and floors).'],
  ])("refuses %j with ENV_INVALID naming the argument, the value and the fix", (value, fix) => {
    let error: unknown;
    try {
      checkEnvironment("SecureDatabase", "db", value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems).toEqual([
      { code: "ENV_INVALID", arg: "environment", problem: `${JSON.stringify(value) ?? "undefined"} is not an environment (exactly "staging" or "prod", lowercase, no spaces)`, fix },
    ]);
    expect((error as Error).message).toContain('SecureDatabase "db" has invalid arguments');
  });

  it.each(Object.keys(COMPONENTS))("%s refuses a misspelt prod before any child registers", async (component) => {
    for (const env of ["Prod", "production", "prod "]) {
      const { error, registered } = await captureError(() => COMPONENTS[component](env), { config: { "aws:region": "eu-west-1" } });
      expect([component, env, (error as ArgumentError).codes, registered]).toEqual([component, env, ["ENV_INVALID"], 0]);
    }
  });

  it("is checked by every component folder that takes an environment", () => {
    const root = path.join(__dirname, "..", "..", "components");
    const folders = fs
      .readdirSync(root)
      .filter((d) => fs.existsSync(path.join(root, d, "args.ts")) && /readonly environment: Environment/.test(fs.readFileSync(path.join(root, d, "args.ts"), "utf8")));
    expect(folders.length).toBeGreaterThanOrEqual(10);
    // Every component class the package exports is in COMPONENTS above, so each is tried with misspelt environments.
    const exported = [...fs.readFileSync(path.join(root, "index.ts"), "utf8").matchAll(/^export \{([^}]*)\}/gm)]
      .flatMap((m) => m[1].split(",").map((n) => n.trim()))
      .filter((n) => /^[A-Z][a-z]/.test(n) && n !== "ArgumentError");
    expect(exported.sort()).toEqual(Object.keys(COMPONENTS).sort());
    for (const d of folders) {
      const source = ["index.ts", "validate.ts"]
        .map((f) => path.join(root, d, f))
        .filter(fs.existsSync)
        .map((f) => fs.readFileSync(f, "utf8"))
        .join("\n");
      expect([d, /checkEnvironment\(|checkArgs\(/.test(source)]).toEqual([d, true]);
    }
  });
});
