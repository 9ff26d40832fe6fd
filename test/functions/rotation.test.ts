import { describe, expect, it } from "@jest/globals";
import { builtinModules } from "node:module";
import { GetRandomPasswordCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretVersionStageCommand } from "@aws-sdk/client-secrets-manager";
import { CURRENT, PENDING, PREVIOUS, RotationKind, rotationHandler, SecretsClient } from "../../functions/shared/rotation";
import { FakeSecretsManager, InjectedFault } from "../support/fake-secrets-manager";
import { bundleFunction, functionCode, functionKinds, functionSource, PREBUILT_DIR, prebuiltSource, writePrebuilt } from "../../components/shared/bundle";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const TOKEN = "11111111-2222-3333-4444-555555555555";

/** A kind whose downstream system is a map: the value "works" once setSecret stored it. */
function counterKind() {
  const accepted = new Set<string>();
  const calls: string[] = [];
  let n = 0;
  const kind: RotationKind = {
    name: "counter",
    async createValue(_ctx, current) {
      calls.push("create");
      return `${current.split("#")[0]}#${++n}`;
    },
    async setSecret(_ctx, pending) {
      calls.push("set");
      accepted.add(pending);
    },
    async testSecret(_ctx, pending) {
      calls.push("test");
      if (!accepted.has(pending)) throw new Error("pending value not accepted downstream");
    },
  };
  return { kind, accepted, calls };
}

describe("fake Secrets Manager", () => {
  it("the SDK v3 client satisfies the SecretsClient the functions are written against", () => {
    const client: SecretsClient = new SecretsManagerClient({ region: "eu-west-1" });
    expect(typeof client.send).toBe("function");
  });

  it("moving AWSCURRENT labels the old version AWSPREVIOUS and requires RemoveFromVersionId", async () => {
    const sm = new FakeSecretsManager();
    const arn = sm.createSecret("s", "v1");
    const [first] = Object.keys(sm.stages(arn));
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: TOKEN, SecretString: "v2", VersionStages: [PENDING] }));
    expect(sm.stages(arn)).toEqual({ [first]: [CURRENT], [TOKEN]: [PENDING] });
    await expect(sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: CURRENT, MoveToVersionId: TOKEN }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: CURRENT, MoveToVersionId: TOKEN, RemoveFromVersionId: first }));
    expect(sm.stages(arn)).toEqual({ [first]: [PREVIOUS], [TOKEN]: [CURRENT, PENDING] });
    expect(sm.valueAt(arn, CURRENT)).toBe("v2");
    expect(sm.valueAt(arn, PREVIOUS)).toBe("v1");
  });

  it("PutSecretValue with a known token is a no-op for the same value and ResourceExistsException for another", async () => {
    const sm = new FakeSecretsManager();
    const arn = sm.createSecret("s", "v1");
    const put = (v: string) => sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: TOKEN, SecretString: v, VersionStages: [PENDING] }));
    await put("v2");
    await expect(put("v2")).resolves.toMatchObject({ VersionId: TOKEN });
    await expect(put("v3")).rejects.toMatchObject({ name: "ResourceExistsException" });
    expect(sm.valueAt(arn, PENDING)).toBe("v2");
  });

  it("GetSecretValue needs the version to carry the stage, and a version without a value is not found", async () => {
    const sm = new FakeSecretsManager();
    const arn = sm.createSecret("s", "v1");
    await expect(sm.send(new GetSecretValueCommand({ SecretId: arn, VersionId: TOKEN, VersionStage: PENDING }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(sm.send(new GetSecretValueCommand({ SecretId: "s" }))).resolves.toMatchObject({ SecretString: "v1", VersionStages: [CURRENT] });
  });

  it("GetRandomPassword honours length, excluded characters and every included type", async () => {
    const sm = new FakeSecretsManager();
    for (let i = 0; i < 20; i++) {
      const { RandomPassword: p } = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 32, ExcludeCharacters: "!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~", RequireEachIncludedType: true }));
      expect(p).toHaveLength(32);
      expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[-_]/);
    }
  });

  it("rotate() reattempts a pending rotation with its token; a forced new token moves AWSPENDING", async () => {
    const sm = new FakeSecretsManager();
    const { kind } = counterKind();
    const arn = sm.createSecret("s", "v");
    const handler = rotationHandler(kind, sm, () => undefined);
    const crashed = sm.rotate(arn, handler, { failAfter: "setSecret" });
    await expect(crashed).rejects.toBeInstanceOf(InjectedFault);
    const pendingToken = Object.entries(sm.stages(arn)).find(([, s]) => s.includes(PENDING))![0];
    const resumed = await sm.rotate(arn, handler);
    expect(resumed).toEqual({ token: pendingToken, resumed: true });
    await expect(sm.rotate(arn, handler, { failAfter: "createSecret" })).rejects.toBeInstanceOf(InjectedFault);
    const stale = Object.entries(sm.stages(arn)).find(([, s]) => s.includes(PENDING))![0];
    const forced = await sm.rotate(arn, handler, { token: TOKEN });
    expect(forced).toEqual({ token: TOKEN, resumed: false });
    expect(sm.stages(arn)[stale]).toBeUndefined(); // lost its only label: deprecated
    expect(sm.stages(arn)[TOKEN]).toEqual([CURRENT, PENDING]);
  });
});

describe("rotationHandler", () => {
  it("refuses a secret without rotation enabled, an unknown token and a token that is not AWSPENDING", async () => {
    const sm = new FakeSecretsManager();
    const { kind } = counterKind();
    const handler = rotationHandler(kind, sm, () => undefined);
    const off = sm.createSecret("off", "v", { rotationEnabled: false });
    await expect(handler({ SecretId: off, ClientRequestToken: TOKEN, Step: "createSecret" })).rejects.toThrow(/does not have rotation enabled/);
    const arn = sm.createSecret("on", "v");
    await expect(handler({ SecretId: arn, ClientRequestToken: TOKEN, Step: "createSecret" })).rejects.toThrow(`secret version ${TOKEN} has no stage for rotation of secret ${arn}`);
    await sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: TOKEN, SecretString: "x", VersionStages: ["CUSTOM"] }));
    await expect(handler({ SecretId: arn, ClientRequestToken: TOKEN, Step: "setSecret" })).rejects.toThrow(/not set as AWSPENDING/);
    await expect(handler({ SecretId: arn, ClientRequestToken: TOKEN, Step: "bogus" as never })).rejects.toThrow(/not a rotation event/);
  });

  it("a token already AWSCURRENT is a no-op at every step", async () => {
    const sm = new FakeSecretsManager();
    const { kind, calls } = counterKind();
    const arn = sm.createSecret("s", "v");
    const current = Object.keys(sm.stages(arn))[0];
    const handler = rotationHandler(kind, sm, () => undefined);
    for (const Step of ["createSecret", "setSecret", "testSecret", "finishSecret"] as const) await handler({ SecretId: arn, ClientRequestToken: current, Step });
    expect(calls).toEqual([]);
    expect(sm.calls.filter((c) => c !== "DescribeSecretCommand")).toEqual([]);
  });

  it("rotates: the new value becomes AWSCURRENT, the old one AWSPREVIOUS, and each step logs without the value", async () => {
    const sm = new FakeSecretsManager();
    const { kind, calls } = counterKind();
    const lines: string[] = [];
    const arn = sm.createSecret("s", "v");
    const { token } = await sm.rotate(
      arn,
      rotationHandler(kind, sm, (l) => lines.push(l)),
    );
    expect(sm.valueAt(arn, CURRENT)).toBe("v#1");
    expect(sm.valueAt(arn, PREVIOUS)).toBe("v");
    expect(sm.stages(arn)[token]).toEqual([CURRENT, PENDING]);
    expect(calls).toEqual(["create", "set", "test"]);
    expect(lines.map((l) => JSON.parse(l).outcome)).toEqual(["created", "set", "tested", "finished"]);
    expect(lines.join("\n")).not.toContain("v#1");
  });

  it.each(["createSecret", "setSecret", "testSecret", "finishSecret"] as const)("a crash after %s converges on re-run without a second value", async (step) => {
    const sm = new FakeSecretsManager();
    const { kind, calls } = counterKind();
    const arn = sm.createSecret("s", "v");
    const handler = rotationHandler(kind, sm, () => undefined);
    const first = sm.rotate(arn, handler, { failAfter: step });
    await expect(first).rejects.toThrow(`injected crash after ${step}`);
    if (step === "finishSecret") {
      expect(sm.valueAt(arn, CURRENT)).toBe("v#1"); // done before the crash: Secrets Manager starts no reattempt
    } else {
      const again = await sm.rotate(arn, handler);
      expect(again.resumed).toBe(true);
    }
    expect(sm.valueAt(arn, CURRENT)).toBe("v#1");
    expect(sm.valueAt(arn, PREVIOUS)).toBe("v");
    expect(calls.filter((c) => c === "create")).toEqual(["create"]);
  });

  it("a transient Secrets Manager failure fails the step, and the reattempt completes the rotation", async () => {
    const sm = new FakeSecretsManager();
    const { kind } = counterKind();
    const arn = sm.createSecret("s", "v");
    const handler = rotationHandler(kind, sm, () => undefined);
    sm.failNext("UpdateSecretVersionStageCommand");
    await expect(sm.rotate(arn, handler)).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(sm.valueAt(arn, CURRENT)).toBe("v");
    await sm.rotate(arn, handler);
    expect(sm.valueAt(arn, CURRENT)).toBe("v#1");
  });
});

describe("functionCode", () => {
  it("bundles a function with its SDK clients inside, exporting handler", async () => {
    const code = functionSource("redeploy");
    expect(code).toContain("forceNewDeployment: true");
    const mod = { exports: {} as Record<string, unknown> };
    const required: string[] = [];
    const onlyBuiltins = (id: string) => {
      required.push(id);
      if (!builtinModules.includes(id.replace(/^node:/, ""))) throw new Error(`bundle requires ${id} from the runtime`);
      return require(id);
    };
    new Function("module", "exports", "require", code)(mod, mod.exports, onlyBuiltins);
    expect(required.filter((id) => id.includes("aws") || id.includes("smithy"))).toEqual([]);
    expect(typeof mod.exports.handler).toBe("function");
    expect(Object.keys(await functionCode("redeploy").assets)).toEqual(["index.js"]);
  });

  it("uses the bundle the build wrote while every input is unchanged, and bundles again once one changed", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "functions-"));
    fs.mkdirSync(path.join(root, "functions", "echo"), { recursive: true });
    fs.writeFileSync(path.join(root, "functions", "shared.ts"), 'export const greeting = "hello";\n');
    fs.writeFileSync(path.join(root, "functions", "echo", "index.ts"), 'import { greeting } from "../shared";\nexport const handler = async () => greeting;\n');
    expect(functionKinds(root)).toEqual(["echo"]);
    expect(prebuiltSource("echo", root)).toBeUndefined();
    writePrebuilt("echo", root);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, PREBUILT_DIR, "echo.json"), "utf8"));
    expect(Object.keys(manifest.inputs).sort()).toEqual(["functions/echo/index.ts", "functions/shared.ts"]);
    expect(prebuiltSource("echo", root)).toBe(bundleFunction("echo", root).text);
    // A shared module the entry imports changes: the written bundle is stale.
    fs.writeFileSync(path.join(root, "functions", "shared.ts"), 'export const greeting = "bye";\n');
    expect(prebuiltSource("echo", root)).toBeUndefined();
    expect(bundleFunction("echo", root).text).toContain('"bye"');
  });

  it("refuses a kind that is not a function folder", () => {
    expect(() => functionSource("../x")).toThrow('"../x" is not a function kind');
    expect(() => functionSource("nosuch")).toThrow(/no function "nosuch"/);
  });
});
