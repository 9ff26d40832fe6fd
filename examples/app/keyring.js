/* Generated from functions/generated/keyring.ts (npx esbuild functions/generated/keyring.ts --bundle --platform=node --target=node20 --format=cjs --legal-comments=none --outfile=examples/app/keyring.js --banner:js=...); do not edit. */
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// functions/generated/keyring.ts
var keyring_exports = {};
__export(keyring_exports, {
  LEGACY_VERSION: () => LEGACY_VERSION,
  appendKey: () => appendKey,
  assertKeeps: () => assertKeeps,
  decrypt: () => decrypt,
  encrypt: () => encrypt,
  mergeKeyrings: () => mergeKeyrings,
  newestVersion: () => newestVersion,
  parseKeyring: () => parseKeyring,
  serializeKeyring: () => serializeKeyring,
  sign: () => sign,
  verify: () => verify
});
module.exports = __toCommonJS(keyring_exports);
var crypto = __toESM(require("crypto"));
var HEX = /^(?:[0-9a-f]{2})+$/;
var LEGACY_VERSION = 0;
function parseKeyring(text) {
  const trimmed = text.trim();
  if (HEX.test(trimmed)) return { current: LEGACY_VERSION, keys: { [LEGACY_VERSION]: trimmed } };
  let parsed;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error("keyring: the secret value is neither a keyring (JSON) nor a hex key");
  }
  const { current, keys } = parsed ?? {};
  if (typeof keys !== "object" || keys === null || Array.isArray(keys)) throw new Error("keyring: `keys` is not an object of version \u2192 hex key");
  const versions = Object.keys(keys);
  if (versions.length === 0) throw new Error("keyring: no keys");
  for (const [v, k] of Object.entries(keys)) {
    if (!/^(0|[1-9]\d*)$/.test(v)) throw new Error(`keyring: version "${v}" is not a non-negative integer`);
    if (typeof k !== "string" || !HEX.test(k) || k.length < 64) throw new Error(`keyring: key ${v} is not hex of at least 32 bytes`);
  }
  const newest = Math.max(...versions.map(Number));
  if (typeof current !== "number" || current !== newest && current !== newest - 1 || keys[current] === void 0) {
    throw new Error(`keyring: current is ${JSON.stringify(current)}, not the newest version ${newest} or the one before it`);
  }
  return { current, keys };
}
var serializeKeyring = (ring) => JSON.stringify({ current: ring.current, keys: ring.keys });
var newestVersion = (ring) => Math.max(...Object.keys(ring.keys).map(Number));
function appendKey(ring, keyHex) {
  if (!HEX.test(keyHex) || keyHex.length < 64) throw new Error("keyring: a new key must be hex of at least 32 bytes");
  const newest = newestVersion(ring);
  return { current: newest, keys: { ...ring.keys, [newest + 1]: keyHex } };
}
function assertKeeps(older, newer) {
  for (const [v, k] of Object.entries(older.keys)) {
    if (newer.keys[v] !== k) throw new Error(`keyring: version ${v} would be ${newer.keys[v] === void 0 ? "dropped" : "changed"}; stored data made with it would become unreadable`);
  }
  if (newer.current < older.current) throw new Error(`keyring: current version would go back from ${older.current} to ${newer.current}`);
}
function mergeKeyrings(a, b) {
  const keys = { ...a.keys };
  for (const [v, k] of Object.entries(b.keys)) {
    if (keys[v] !== void 0 && keys[v] !== k) throw new Error(`keyring: version ${v} has two different keys`);
    keys[v] = k;
  }
  return { current: Math.max(a.current, b.current), keys };
}
var b64 = (b) => b.toString("base64url");
var keyOf = (ring, version) => {
  const hex = ring.keys[version];
  if (hex === void 0) throw new Error(`keyring: no key version ${version} (versions ${Object.keys(ring.keys).join(", ")})`);
  return Buffer.from(hex, "hex");
};
var derived = /* @__PURE__ */ new Map();
function aesKey(ring, version) {
  const material = keyOf(ring, version);
  const id = material.toString("hex");
  let key = derived.get(id);
  if (!key) derived.set(id, key = Buffer.from(crypto.hkdfSync("sha256", material, Buffer.alloc(0), "keyring aes-256-gcm", 32)));
  return key;
}
var versionOf = (token) => {
  const m = /^k(0|[1-9]\d*)$/.exec(token);
  if (!m) throw new Error("keyring: value does not name a key version (k<version>.\u2026)");
  return Number(m[1]);
};
function encrypt(ring, plaintext, aad) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", aesKey(ring, ring.current), iv);
  if (aad !== void 0) cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [`k${ring.current}`, b64(iv), b64(body), b64(cipher.getAuthTag())].join(".");
}
function decrypt(ring, ciphertext, aad) {
  const [v, iv, body, tag, ...rest] = ciphertext.split(".");
  if (rest.length || !iv || body === void 0 || !tag) throw new Error("keyring: not a keyring ciphertext (k<version>.<iv>.<data>.<tag>)");
  const decipher = crypto.createDecipheriv("aes-256-gcm", aesKey(ring, versionOf(v)), Buffer.from(iv, "base64url"));
  if (aad !== void 0) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
}
function sign(ring, data) {
  return `k${ring.current}.${b64(crypto.createHmac("sha256", keyOf(ring, ring.current)).update(data).digest())}`;
}
function verify(ring, data, signature) {
  const [v, mac, ...rest] = signature.split(".");
  if (rest.length || !mac) return false;
  let version;
  try {
    version = versionOf(v);
  } catch {
    return false;
  }
  if (ring.keys[version] === void 0) return false;
  const expected = crypto.createHmac("sha256", keyOf(ring, version)).update(data).digest();
  const given = Buffer.from(mac, "base64url");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  LEGACY_VERSION,
  appendKey,
  assertKeeps,
  decrypt,
  encrypt,
  mergeKeyrings,
  newestVersion,
  parseKeyring,
  serializeKeyring,
  sign,
  verify
});
