/** The program's cache and secrets: wiring from config, per-environment names, non-secret outputs only. */
import { describe, expect, it } from "@jest/globals";
import { SIG_KEY } from "../support/capture";
import { captureStack } from "../support/program";

describe("the program's cache and secrets", () => {
  it("runs the prod cache on the data subnets with a replica, admitting the app tasks, evicting volatile keys only", async () => {
    const cap = await captureStack("prod");
    const rg = cap.one("aws:elasticache/replicationGroup:ReplicationGroup");
    expect(rg.inputs).toMatchObject({ replicationGroupId: "app-prod-cache", nodeType: "cache.r7g.large", numCacheClusters: 2, multiAzEnabled: true, snapshotRetentionLimit: 35 });
    const dataSubnets = cap.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("net-data-")).map((s) => s.id);
    expect(cap.one("aws:elasticache/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual(dataSubnets);
    const appSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "net-app-sg");
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").inputs.ingress).toEqual([{ protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: [appSg.id], description: "app tasks" }]);
    expect(cap.one("aws:elasticache/parameterGroup:ParameterGroup").inputs.parameters[0]).toEqual({ name: "maxmemory-policy", value: "volatile-lru" });
    expect(cap.outputs.cacheUrlTemplate).toBe(`rediss://app@${rg.outputs.primaryEndpointAddress}:6379`);
  });

  it("keeps staging and prod secrets apart by name, with rotation periods from config", async () => {
    const [prod, staging] = [await captureStack("prod"), await captureStack("staging")];
    const names = (cap: typeof prod) => cap.ofType("aws:secretsmanager/secret:Secret").map((s) => s.inputs.name).sort();
    expect(names(prod)).toEqual(["/app/prod/api-key", "/app/prod/db/app_rw", "/app/prod/db/migrator", "/app/prod/db/readonly", "/app/prod/encryption-key", "/app/prod/jwt", "/app/prod/jwt-private-key", "/app/prod/jwt-refresh", "/app/prod/redis/app", "/app/prod/sentry", "/app/prod/session", "/app/prod/signing-key", "/app/prod/smtp"]);
    expect(names(staging).every((n) => n.startsWith("/app/staging/"))).toBe(true);
    const days = Object.fromEntries(prod.ofType("aws:secretsmanager/secretRotation:SecretRotation").map((r) => [r.name, r.inputs.rotationRules.automaticallyAfterDays]));
    expect(days).toMatchObject({ "secrets-jwt-rotation": 90, "secrets-session-rotation": 30, "secrets-signing-key-rotation": 90 });
    const policy = JSON.parse(prod.one("aws:secretsmanager/secretPolicy:SecretPolicy", "secrets-jwt-policy").inputs.policy);
    expect(policy.Statement[1].Condition.ArnLike["aws:PrincipalArn"]).toEqual(["arn:aws:iam::123456789012:role/app-prod-*"]);
  });

  it("exports ARNs, names, the URL template and the JWKS as plain values, and no generated value", async () => {
    const cap = await captureStack("prod");
    for (const key of ["cacheUrlTemplate", "cacheUserSecretArn", "secretArns", "secretNames", "jwtPublicKeyPem", "jwks", "secretsKmsKeyArn"]) {
      expect([key, cap.wireOutputs[key]?.[SIG_KEY]]).toEqual([key, undefined]);
      expect(cap.wireOutputs[key]).toBeDefined();
    }
    expect(cap.outputs.secretArns.session).toBe(cap.one("aws:secretsmanager/secret:Secret", "secrets-session").outputs.arn);
    expect(JSON.parse(cap.outputs.jwks).keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", e: "AQAB" });
    const generated = [
      ...cap.ofType("random:index/randomPassword:RandomPassword").map((r) => r.outputs.result),
      ...cap.ofType("random:index/randomBytes:RandomBytes").map((r) => r.outputs.hex),
      cap.one("tls:index/privateKey:PrivateKey").outputs.privateKeyPemPkcs8,
    ];
    const exported = JSON.stringify(cap.outputs);
    for (const v of generated) expect(exported).not.toContain(v);
  });
});
