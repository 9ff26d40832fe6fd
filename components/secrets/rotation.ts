/**
 * Source of the generic rotation function for generated application secrets (SEC-4). It follows the
 * Secrets Manager rotation protocol: createSecret puts a new random value as AWSPENDING (same generator
 * as the first value, read from the secret's `generator` tag: `password:<chars>` or `hex:<bytes>`),
 * setSecret and testSecret have nothing to do (no downstream system holds these values; apps accept
 * AWSCURRENT and AWSPREVIOUS during the overlap), finishSecret moves AWSCURRENT to the new version.
 * Runs on the Node.js runtime, whose AWS SDK v3 is built in.
 */
export const ROTATION_HANDLER = `"use strict";
const crypto = require("crypto");
const sm = require("@aws-sdk/client-secrets-manager");
const client = new sm.SecretsManagerClient({});
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function generate(spec) {
  const m = /^(password|hex):(\\d+)$/.exec(spec || "");
  if (!m) throw new Error("secret has no valid generator tag (password:<chars> or hex:<bytes>)");
  const n = Number(m[2]);
  if (n < 32) throw new Error("generator length below the 32 floor");
  if (m[1] === "hex") return crypto.randomBytes(n).toString("hex");
  let out = "";
  for (let i = 0; i < n; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}

exports.handler = async (event) => {
  const { SecretId: id, ClientRequestToken: token, Step: step } = event;
  const meta = await client.send(new sm.DescribeSecretCommand({ SecretId: id }));
  if (meta.RotationEnabled === false) throw new Error("rotation is not enabled for " + id);
  const versions = meta.VersionIdsToStages || {};
  const stages = versions[token];
  if (!stages) throw new Error("version " + token + " has no stage on " + id);
  if (stages.includes("AWSCURRENT")) return;
  if (!stages.includes("AWSPENDING")) throw new Error("version " + token + " is not AWSPENDING on " + id);
  if (step === "createSecret") {
    try {
      await client.send(new sm.GetSecretValueCommand({ SecretId: id, VersionId: token, VersionStage: "AWSPENDING" }));
      return;
    } catch (e) {
      if (e.name !== "ResourceNotFoundException") throw e;
    }
    const tag = (meta.Tags || []).find((t) => t.Key === "generator");
    await client.send(new sm.PutSecretValueCommand({ SecretId: id, ClientRequestToken: token, SecretString: generate(tag && tag.Value), VersionStages: ["AWSPENDING"] }));
    console.log(JSON.stringify({ event: "secret-rotation", step, secret: meta.Name, version: token }));
  } else if (step === "setSecret" || step === "testSecret") {
    return;
  } else if (step === "finishSecret") {
    const current = Object.keys(versions).find((v) => versions[v].includes("AWSCURRENT"));
    await client.send(new sm.UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: current }));
    console.log(JSON.stringify({ event: "secret-rotation", step, secret: meta.Name, version: token, previous: current }));
  } else {
    throw new Error("unknown rotation step " + step);
  }
};
`;
