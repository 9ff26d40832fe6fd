/**
 * What a capture records of each registration: the wire forms as the engine receives them, the plain forms made when
 * first read, and secret outputs marked without changing what the mock monitor keeps.
 */
import { describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { capture, SECRET_SIG, SIG_KEY } from "../support/capture";

// The mock monitor the capture ran under, internal to the SDK.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

const REGION = { config: { "aws:region": "eu-west-1" } };

describe("capture", () => {
  it("records plain inputs, outputs and secret paths that read, spread and serialise like the wire forms they come from", async () => {
    const cap = await capture(() => {
      const key = new aws.kms.Key("key", { description: "k", enableKeyRotation: true });
      new aws.secretsmanager.Secret("s", { name: "app/s", kmsKeyId: key.arn, tags: { owner: pulumi.secret("team-a") } });
    }, REGION);
    const secret = cap.one("aws:secretsmanager/secret:Secret");
    const key = cap.one("aws:kms/key:Key");
    expect(secret.inputs).toEqual({ name: "app/s", kmsKeyId: key.outputs.arn, tags: { owner: "team-a" } });
    expect(secret.wireInputs.tags).toEqual({ owner: { [SIG_KEY]: SECRET_SIG, value: "team-a" } });
    expect(secret.secretInputPaths).toEqual(["tags.owner"]);
    expect(secret.outputs).toMatchObject({ name: "app/s", arn: expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:app\/s-/) });
    // Read once, kept: the same object on every read; a copy or its JSON carries them as any other field.
    expect(secret.inputs).toBe(secret.inputs);
    expect({ ...key }.outputs).toEqual(key.outputs);
    const json = JSON.parse(JSON.stringify(secret));
    expect([json.inputs, json.outputs, json.secretInputPaths]).toEqual([secret.inputs, secret.outputs, ["tags.owner"]]);
  });

  it("marks an additional secret output in the state it records, and leaves the mock monitor's own record as it answered", async () => {
    const cap = await capture(() => {
      new random.RandomPassword("pw", { length: 32 });
    });
    const pw = cap.one("random:index/randomPassword:RandomPassword");
    expect(pw.wireOutputs.result).toEqual({ [SIG_KEY]: SECRET_SIG, value: expect.any(String) });
    expect(pw.outputs.result).toBe(pw.wireOutputs.result.value);
    const kept = settings.getMonitor().resources.get(pw.urn).state;
    expect(kept.result).toBe(pw.wireOutputs.result.value);
    expect(kept.length).toBe(32);
  });
});
