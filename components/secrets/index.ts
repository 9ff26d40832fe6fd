import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { awsContext, baseTags, EXTERNAL_ROTATION_TAGS } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { SecretSetArgs } from "./args";
import { serializeKeyring } from "../../functions/generated/keyring";
import { initialKeySet, serializeKeySet } from "../../functions/jwt/keyset";
import { rotationFunction } from "../shared/rotation-function";
import { FIRST_KEYRING_VERSION, JWT_PRIVATE_KEY_PURPOSE, PASSWORD_SPECIALS } from "./defaults";
import { jwksJson } from "./jwks";
import { limitSecretReaders, secretReadersPolicy, secureSecret } from "../shared/secret";
import { checked, ResolvedSecret, validate, withDefaults } from "./validate";

export * from "./args";
export { jwksJson, jwkThumbprint, publicJwk } from "./jwks";
export { principalPatterns, readPolicy } from "./policy";

/**
 * One Secrets Manager secret per purpose, named `/<appName>/<env>/<purpose>` (SEC-1, SEC-2, ENV-1), encrypted
 * with a CMK, readable only by the named roles. Generated purposes get values of the strength SEC-3 asks
 * (64-character passwords, 32/64 random bytes as hex) and rotate automatically (SEC-4: session 30 days,
 * everything else 90) through a rotation function (functions/generated): random values are replaced (apps accept
 * AWSCURRENT and AWSPREVIOUS for a period), keyrings (encryption-key, signing-key) get a new version appended and
 * never lose one. The first value is written once and `ignoreChanges` keeps `pulumi up` from undoing rotations.
 * Third-party values are created empty. Optionally a JWT signing key pair (SEC-5) rotated with a new `kid` by its
 * own function (functions/jwt), retired public keys kept in the key set's JWKS for the longest token lifetime.
 */
export class SecretSet extends pulumi.ComponentResource {
  /** Secret ARN per purpose. */
  readonly secretArns: Record<string, pulumi.Output<string>>;
  /** Secret name per purpose (`/<appName>/<env>/<purpose>`), known before deployment. */
  readonly secretNames: Record<string, string>;
  /**
   * ARN per purpose whose secret holds a value: every generated purpose, the JWT private key, and external purposes
   * marked `valueSet`. Inject only these into services: a task whose secret has no value fails to start.
   */
  readonly readySecretArns: Record<string, pulumi.Output<string>>;
  /** External purposes still waiting for their value (tagged `value: pending`). */
  readonly pendingPurposes: readonly string[];
  /** Every purpose → ARN in one output (export-friendly). */
  readonly arns: pulumi.Output<Record<string, string>>;
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The rotation function of the generated secrets (created here unless `rotationLambdaArn` was given); undefined when there are none. */
  readonly rotationFunctionArn?: pulumi.Output<string>;
  /** The rotation function of the JWT key set. */
  readonly jwtRotationFunctionArn?: pulumi.Output<string>;
  /**
   * SubjectPublicKeyInfo PEM of the first JWT signing key (non-secret). The key rotates: applications serve the
   * JWKS of the key set in the secret (`jwksOf(parseKeySet(value))`), not this output.
   */
  readonly publicKeyPem?: pulumi.Output<string>;
  /** JWKS document (JSON) of the first key and the given retired ones: the key set's JWKS at deployment. */
  readonly jwks?: pulumi.Output<string>;
  /** ARN of the secret holding the JWT private key (PKCS#8 PEM). */
  readonly jwtPrivateKeySecretArn?: pulumi.Output<string>;

  constructor(name: string, args: SecretSetArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:secrets:SecretSet", name, {}, opts);
    const parent = { parent: this };
    const tags = (extra: Record<string, string> = {}) => baseTags(a.environment, "secrets", extra);
    const ctx = awsContext(this);
    const prefix = `/${a.appName}/${a.environment}`;

    // SEC-1: a CMK of this set unless the caller brings one.
    const keyAlias = `${a.appName}-${a.environment}-secrets`;
    if (a.kmsKeyArn) {
      this.kmsKeyArn = pulumi.output(a.kmsKeyArn);
    } else {
      this.kmsKeyArn = customerManagedKey(`${name}-key`, { environment: a.environment, description: `Secrets of ${a.appName} ${a.environment}`, alias: keyAlias, tags: tags(), ctx }, parent);
    }

    const newSecret = (purpose: string, description: string, extraTags: Record<string, string>) =>
      secureSecret(
        `${name}-${purpose}`,
        {
          environment: a.environment,
          secretName: `${prefix}/${purpose}`,
          description,
          kmsKeyArn: this.kmsKeyArn,
          recoveryWindowDays: a.recoveryWindowDays,
          tags: tags({ purpose, ...extraTags }),
        },
        parent,
      );

    const secrets = new Map<string, aws.secretsmanager.Secret>();
    const generated: { spec: ResolvedSecret; secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion }[] = [];
    for (const spec of a.secrets) {
      const generator = spec.kind === "external" ? "external" : `${spec.kind}:${spec.length}`;
      const external = spec.kind === "external" ? { ...EXTERNAL_ROTATION_TAGS, value: spec.valueSet ? "set" : "pending" } : {};
      const secret = newSecret(spec.purpose, spec.description, { kind: spec.kind, generator, ...external });
      secrets.set(spec.purpose, secret);
      if (spec.kind === "external") continue; // SEC-2: third-party values are put out of band; no version here
      const value =
        spec.kind === "password"
          ? new random.RandomPassword(`${name}-${spec.purpose}-value`, { length: spec.length!, special: true, overrideSpecial: PASSWORD_SPECIALS }, parent).result
          : new random.RandomBytes(`${name}-${spec.purpose}-value`, { length: spec.length! }, parent).hex;
      // SEC-4: the first value only; rotation owns it afterwards, so pulumi up must not write it back.
      const version = new aws.secretsmanager.SecretVersion(
        `${name}-${spec.purpose}-initial`,
        {
          secretId: secret.id,
          secretString: pulumi.secret(spec.kind === "keyring" ? value.apply((hex) => serializeKeyring({ current: FIRST_KEYRING_VERSION, keys: { [FIRST_KEYRING_VERSION]: hex } })) : value),
        },
        { parent: this, ignoreChanges: ["secretString", "versionStages"] },
      );
      generated.push({ spec, secret, version });
    }

    // SEC-5: the JWT signing key pair: its first key from here, then rotated by its own function (new kid each time).
    let jwtSecret: { secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion; days: number; retainDays: number } | undefined;
    if (a.jwtKeyPair) {
      const jwt = a.jwtKeyPair;
      const keyArgs: tls.PrivateKeyArgs = jwt.algorithm === "RSA" ? { algorithm: "RSA", rsaBits: jwt.rsaBits } : { algorithm: "ECDSA", ecdsaCurve: jwt.ecdsaCurve };
      const key = new tls.PrivateKey(`${name}-jwt-key`, keyArgs, parent);
      // Published in the JWKS from the start, it signs after the first rotation (tasks not yet redeployed know it).
      const nextKey = new tls.PrivateKey(`${name}-jwt-next-key`, keyArgs, parent);
      const secret = newSecret(
        JWT_PRIVATE_KEY_PURPOSE,
        `JWT signing key set of ${a.appName} (${a.environment}): ${jwt.algorithm === "RSA" ? `RSA ${jwt.rsaBits}, RS256` : "ECDSA P-256, ES256"}; current key pair and retired public keys (JSON)`,
        { kind: "key-pair", generator: "jwt-key-set" },
      );
      secrets.set(JWT_PRIVATE_KEY_PURPOSE, secret);
      const deployedAt = new Date().toISOString();
      const version = new aws.secretsmanager.SecretVersion(
        `${name}-jwt-private-key-value`,
        {
          secretId: secret.id,
          secretString: pulumi.secret(
            pulumi.all([key.privateKeyPemPkcs8, nextKey.privateKeyPemPkcs8]).apply(([pem, next]) => serializeKeySet(initialKeySet(pem, next, jwt.previousPublicKeysPem, deployedAt))),
          ),
        },
        { parent: this, ignoreChanges: ["secretString", "versionStages"] },
      );
      jwtSecret = { secret, version, days: jwt.rotationDays, retainDays: jwt.previousKeyRetentionDays };
      this.jwtPrivateKeySecretArn = secret.arn;
      this.publicKeyPem = pulumi.unsecret(key.publicKeyPem);
      this.jwks = pulumi.all([this.publicKeyPem, nextKey.publicKeyPem]).apply(([pem, next]) => jwksJson(pem, [next, ...jwt.previousPublicKeysPem]));
    }

    // SEC-4: the rotation functions, unless the caller brings one for the generated secrets.
    const ctxKms = { keyArn: a.kmsKeyArn, alias: keyAlias };
    const rotationRoleArns: pulumi.Output<string>[] = [];
    const schedule = (key: string, secret: aws.secretsmanager.Secret, fnArn: pulumi.Input<string>, days: number, deps: pulumi.Resource[]) =>
      // Secrets Manager invokes the function as soon as rotation is configured (it tests the function even with
      // rotateImmediately false), so each rotation waits for its invoke permission, not only the function.
      new aws.secretsmanager.SecretRotation(
        `${name}-${key}-rotation`,
        {
          secretId: secret.id,
          rotationLambdaArn: fnArn,
          rotationRules: { automaticallyAfterDays: days },
          rotateImmediately: false,
        },
        { parent: this, dependsOn: deps },
      );
    if (generated.length > 0) {
      const fn = a.rotationLambdaArn
        ? undefined
        : rotationFunction(
            `${name}-rotation`,
            {
              kind: "generated",
              functionName: `${a.appName}-${a.environment}-secret-rotation`,
              description: `Rotates the generated secrets under ${prefix}/ (random values replaced, keyrings appended)`,
              logs: args.logs,
              logPurpose: "secret-rotation",
              secrets: generated.map((g) => ({ key: g.spec.purpose, name: `${prefix}/${g.spec.purpose}`, arn: g.secret.arn })),
              kms: ctxKms,
              tags: tags(),
              ctx,
            },
            this,
          );
      this.rotationFunctionArn = fn ? fn.functionArn : pulumi.output(a.rotationLambdaArn!);
      if (fn) rotationRoleArns.push(fn.roleArn);
      for (const g of generated) schedule(g.spec.purpose, g.secret, this.rotationFunctionArn, g.spec.rotationDays!, [g.version, ...(fn ? [fn.permissions[g.spec.purpose]] : [])]);
    }
    if (jwtSecret) {
      const fn = rotationFunction(
        `${name}-jwt-rotation`,
        {
          kind: "jwt",
          functionName: `${a.appName}-${a.environment}-jwt-key-rotation`,
          description: `Rotates the JWT signing key set ${prefix}/${JWT_PRIVATE_KEY_PURPOSE} (new kid; retired public keys kept ${jwtSecret.retainDays} days)`,
          logs: args.logs,
          logPurpose: "jwt-key-rotation",
          secrets: [{ key: JWT_PRIVATE_KEY_PURPOSE, name: `${prefix}/${JWT_PRIVATE_KEY_PURPOSE}`, arn: jwtSecret.secret.arn }],
          kms: ctxKms,
          environment: { RETAIN_DAYS: String(jwtSecret.retainDays) },
          // RSA key generation takes a few seconds on the smallest functions.
          timeoutSeconds: 60,
          tags: tags(),
          ctx,
        },
        this,
      );
      rotationRoleArns.push(fn.roleArn);
      this.jwtRotationFunctionArn = fn.functionArn;
      schedule(JWT_PRIVATE_KEY_PURPOSE, jwtSecret.secret, fn.functionArn, jwtSecret.days, [jwtSecret.version, fn.permissions[JWT_PRIVATE_KEY_PURPOSE]]);
    }

    // SEC-1: each secret readable by the named roles only (plus the rotation role and the deployer).
    const policy = secretReadersPolicy({ readerRoleArns: a.readerRoleArns, administratorArns: a.administratorArns, rotationRoleArns, ctx });
    for (const [purpose, secret] of secrets) limitSecretReaders(`${name}-${purpose}-policy`, secret, policy, this);

    this.secretArns = Object.fromEntries([...secrets].map(([p, s]) => [p, s.arn]));
    const pending = new Set(a.secrets.filter((s) => !s.valueSet).map((s) => s.purpose));
    this.pendingPurposes = [...pending];
    this.readySecretArns = Object.fromEntries(Object.entries(this.secretArns).filter(([p]) => !pending.has(p)));
    this.secretNames = Object.fromEntries([...secrets].map(([p]) => [p, `${prefix}/${p}`]));
    this.arns = pulumi.all(this.secretArns);
    this.registerOutputs({ arns: this.arns, kmsKeyArn: this.kmsKeyArn, publicKeyPem: this.publicKeyPem, jwks: this.jwks });
  }
}
