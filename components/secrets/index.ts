import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { awsContext, baseTags, EXTERNAL_ROTATION_TAGS, knownArn, statefulOptions } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { SecretSetArgs } from "./args";
import { JWT_PRIVATE_KEY_PURPOSE, PASSWORD_SPECIALS, ROTATION_RUNTIME } from "./defaults";
import { jwksJson } from "./jwks";
import { principalPatterns, readPolicy } from "./policy";
import { ROTATION_HANDLER } from "./rotation";
import { checked, ResolvedSecret, validate, withDefaults } from "./validate";

export * from "./args";
export { jwksJson, jwkThumbprint, publicJwk } from "./jwks";
export { principalPatterns, readPolicy } from "./policy";

/**
 * One Secrets Manager secret per purpose, named `/<appName>/<env>/<purpose>` (SEC-1, SEC-2, ENV-1), encrypted
 * with a CMK, readable only by the named roles. Generated purposes get values of the strength SEC-3 asks
 * (64-character passwords, 32/64 random bytes as hex) and rotate automatically (SEC-4: session 30 days,
 * everything else 90) through a small rotation function; the first value is written once and
 * `ignoreChanges` keeps `pulumi up` from undoing rotations. Third-party values are created empty.
 * Optionally a JWT signing key pair (SEC-5): private key (PKCS#8) in a secret, public key and JWKS as outputs.
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
  /** The rotation function used (created here unless `rotationLambdaArn` was given); undefined when nothing rotates. */
  readonly rotationFunctionArn?: pulumi.Output<string>;
  /** SubjectPublicKeyInfo PEM of the JWT signing key (non-secret). */
  readonly publicKeyPem?: pulumi.Output<string>;
  /** JWKS document (JSON) with the current public key first, then retired ones. */
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
      new aws.secretsmanager.Secret(`${name}-${purpose}`, {
        name: `${prefix}/${purpose}`,
        description,
        kmsKeyId: this.kmsKeyArn,
        recoveryWindowInDays: a.recoveryWindowDays,
        tags: tags({ purpose, ...extraTags }),
      }, statefulOptions(a.environment, parent));

    const secrets = new Map<string, aws.secretsmanager.Secret>();
    const generated: { spec: ResolvedSecret; secret: aws.secretsmanager.Secret; version: aws.secretsmanager.SecretVersion }[] = [];
    for (const spec of a.secrets) {
      const generator = spec.kind === "external" ? "external" : `${spec.kind}:${spec.length}`;
      const external = spec.kind === "external" ? { ...EXTERNAL_ROTATION_TAGS, value: spec.valueSet ? "set" : "pending" } : {};
      const secret = newSecret(spec.purpose, spec.description, { kind: spec.kind, generator, ...external });
      secrets.set(spec.purpose, secret);
      if (spec.kind === "external") continue; // SEC-2: third-party values are put out of band; no version here
      const value =
        spec.kind === "hex"
          ? new random.RandomBytes(`${name}-${spec.purpose}-value`, { length: spec.length! }, parent).hex
          : new random.RandomPassword(`${name}-${spec.purpose}-value`, { length: spec.length!, special: true, overrideSpecial: PASSWORD_SPECIALS }, parent).result;
      // SEC-4: the first value only; rotation owns it afterwards, so pulumi up must not write it back.
      const version = new aws.secretsmanager.SecretVersion(`${name}-${spec.purpose}-initial`, {
        secretId: secret.id,
        secretString: pulumi.secret(value),
      }, { parent: this, ignoreChanges: ["secretString", "versionStages"] });
      generated.push({ spec, secret, version });
    }

    // SEC-5: the JWT signing key pair. It is rotated by replacing the key (new resource), not by the function.
    if (a.jwtKeyPair) {
      const jwt = a.jwtKeyPair;
      const key = new tls.PrivateKey(`${name}-jwt-key`, jwt.algorithm === "RSA" ? { algorithm: "RSA", rsaBits: jwt.rsaBits } : { algorithm: "ECDSA", ecdsaCurve: jwt.ecdsaCurve }, parent);
      const secret = newSecret(JWT_PRIVATE_KEY_PURPOSE, `JWT signing private key of ${a.appName} (${a.environment}): ${jwt.algorithm === "RSA" ? `RSA ${jwt.rsaBits}, RS256` : "ECDSA P-256, ES256"}, PKCS#8 PEM`, { kind: "key-pair", generator: "tls", ...EXTERNAL_ROTATION_TAGS });
      secrets.set(JWT_PRIVATE_KEY_PURPOSE, secret);
      new aws.secretsmanager.SecretVersion(`${name}-jwt-private-key-value`, { secretId: secret.id, secretString: pulumi.secret(key.privateKeyPemPkcs8) }, parent);
      this.jwtPrivateKeySecretArn = secret.arn;
      this.publicKeyPem = pulumi.unsecret(key.publicKeyPem);
      this.jwks = this.publicKeyPem.apply((pem) => jwksJson(pem, jwt.previousPublicKeysPem));
    }

    // SEC-4: the generic rotation function, unless the caller brings one.
    let rotationRoleArn: pulumi.Output<string> | undefined;
    // Secrets Manager invokes the function as soon as rotation is configured (it tests the function even with
    // rotateImmediately false), so each rotation waits for the invoke permission, not only the function.
    let invokePermission: aws.lambda.Permission | undefined;
    if (generated.length > 0) {
      if (a.rotationLambdaArn) {
        this.rotationFunctionArn = pulumi.output(a.rotationLambdaArn);
      } else {
        const fnName = `${a.appName}-${a.environment}-secret-rotation`;
        const group = args.logs.group(`${name}-rotation-logs`, "secret-rotation", "security", parent);
        const role = new aws.iam.Role(`${name}-rotation`, {
          description: `Rotates the generated secrets under ${prefix}/`,
          assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
          tags: tags(),
        }, parent);
        rotationRoleArn = role.arn;
        const rolePolicy = new aws.iam.RolePolicy(`${name}-rotation`, {
          role: role.id,
          // Built from names and invokes, not outputs, so the document is known (and checked) in a preview.
          policy: pulumi.all([
            pulumi.all(generated.map((g) => knownArn.secret(ctx, `${prefix}/${g.spec.purpose}`))),
            a.kmsKeyArn ?? knownArn.anyKey(ctx),
            knownArn.logGroup(ctx, args.logs.groupName("secret-rotation")),
            ctx.region,
          ]).apply(([arns, keyArn, groupArn, region]) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "RotateTheseSecrets", Effect: "Allow", Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"], Resource: arns },
              {
                Sid: "UseTheirKeyThroughSecretsManager",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: keyArn,
                Condition: {
                  StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
                  // The set's own key, by its alias, when the key is created here (its ARN is not known yet).
                  ...(a.kmsKeyArn ? {} : { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${keyAlias}` } }),
                },
              },
              { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${groupArn}:*` },
            ],
          })),
        }, parent);
        const fn = new aws.lambda.Function(`${name}-rotation`, {
          name: fnName,
          description: `Secrets Manager rotation of the generated secrets under ${prefix}/`,
          runtime: ROTATION_RUNTIME,
          handler: "index.handler",
          role: role.arn,
          code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(ROTATION_HANDLER) }),
          timeout: 30,
          memorySize: 128,
          architectures: ["arm64"],
          loggingConfig: { logFormat: "JSON", logGroup: group.name },
          tags: tags(),
        }, { parent: this, dependsOn: [rolePolicy] });
        invokePermission = new aws.lambda.Permission(`${name}-rotation`, {
          function: fn.name,
          action: "lambda:InvokeFunction",
          principal: "secretsmanager.amazonaws.com",
          sourceAccount: ctx.accountId,
        }, parent);
        this.rotationFunctionArn = fn.arn;
      }
      for (const g of generated) {
        new aws.secretsmanager.SecretRotation(`${name}-${g.spec.purpose}-rotation`, {
          secretId: g.secret.id,
          rotationLambdaArn: this.rotationFunctionArn,
          rotationRules: { automaticallyAfterDays: g.spec.rotationDays! },
          rotateImmediately: false,
        }, { parent: this, dependsOn: [g.version, ...(invokePermission ? [invokePermission] : [])] });
      }
    }

    // SEC-1: each secret readable by the named roles only (plus the rotation role and the deployer).
    const caller = aws.getCallerIdentityOutput({}, parent).arn;
    const exempt = pulumi.all([pulumi.all([...(a.administratorArns ?? [])]), caller, rotationRoleArn ?? ""]).apply(([admins, who, rot]) => [
      ...(a.administratorArns ? admins : principalPatterns(who)),
      ...(rot ? [rot] : []),
    ]);
    const policy = pulumi.all([pulumi.all([...a.readerRoleArns]), exempt, ctx.accountId]).apply(([readers, ex, account]) => readPolicy(readers, ex, account));
    for (const [purpose, secret] of secrets) {
      new aws.secretsmanager.SecretPolicy(`${name}-${purpose}-policy`, { secretArn: secret.arn, policy, blockPublicPolicy: true }, parent);
    }

    this.secretArns = Object.fromEntries([...secrets].map(([p, s]) => [p, s.arn]));
    const pending = new Set(a.secrets.filter((s) => !s.valueSet).map((s) => s.purpose));
    this.pendingPurposes = [...pending];
    this.readySecretArns = Object.fromEntries(Object.entries(this.secretArns).filter(([p]) => !pending.has(p)));
    this.secretNames = Object.fromEntries([...secrets].map(([p]) => [p, `${prefix}/${p}`]));
    this.arns = pulumi.all(this.secretArns);
    this.registerOutputs({ arns: this.arns, kmsKeyArn: this.kmsKeyArn, publicKeyPem: this.publicKeyPem, jwks: this.jwks });
  }
}
