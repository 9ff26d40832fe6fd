import { describe, expect, it } from "@jest/globals";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { HardenedService, HardenedServiceArgs, LogClasses } from "../../components";
import { ArgumentError } from "../../components/shared/errors";
import { redeploy, RotationSucceededEvent, targetFromEnv } from "../../functions/redeploy";
import { capture, captureError } from "../support/capture";
import { DB_SECRET, JWT_SECRET, serviceArgs } from "./service-args";

const REGION = { config: { "aws:region": "eu-west-1" } };
const build =
  (over: Partial<HardenedServiceArgs> = {}) =>
  () => {
    const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
    return new HardenedService("web", serviceArgs(logs, over));
  };
const JWT_ARN = JWT_SECRET.replace(/:privateKey::$/, "");
const SIDECAR_SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/clamav-MnOpQr";
const rotated = (secretId: string, eventName = "RotationSucceeded"): RotationSucceededEvent => ({ source: "aws.secretsmanager", detail: { eventName, additionalEventData: { SecretId: secretId } } });

describe("HardenedService redeploy on rotation", () => {
  it("matches RotationSucceeded of exactly the secrets its containers read (JSON-key suffixes dropped), sidecars included", async () => {
    const cap = await capture(
      build({
        sidecars: {
          clamav: {
            image: `clamav/clamav@sha256:${"b".repeat(64)}`,
            user: "100:101",
            essential: true,
            healthCheck: { command: ["CMD-SHELL", "clamdcheck"] },
            secrets: { CLAMAV_TOKEN: { arn: SIDECAR_SECRET } },
          },
        },
      }),
      REGION,
    );
    const rule = cap.one("aws:cloudwatch/eventRule:EventRule", "web-rotated");
    expect(rule.inputs.name).toBe("shop-prod-app-secret-rotated");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: { eventSource: ["secretsmanager.amazonaws.com"], eventName: ["RotationSucceeded"], additionalEventData: { SecretId: [DB_SECRET, SIDECAR_SECRET, JWT_ARN].sort() } },
    });
    const fn = cap.one("aws:lambda/function:Function", "web-redeploy");
    const target = cap.one("aws:cloudwatch/eventTarget:EventTarget", "web-redeploy");
    expect(target.inputs).toEqual({ rule: rule.outputs.name, arn: fn.outputs.arn });
    const permission = cap.one("aws:lambda/permission:Permission", "web-redeploy");
    expect(permission.inputs).toEqual({ function: fn.outputs.name, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceAccount: "123456789012", sourceArn: rule.outputs.arn });
    expect(target.dependencies).toContain(permission.urn);
    const { code, ...inputs } = fn.inputs;
    expect(inputs).toEqual({
      name: "shop-prod-app-redeploy",
      description: "Forces a new deployment of shop-prod-app after a rotation of a secret it reads",
      runtime: "nodejs22.x",
      handler: "index.handler",
      role: cap.one("aws:iam/role:Role", "web-redeploy").outputs.arn,
      timeout: 30,
      memorySize: 128,
      architectures: ["arm64"],
      environment: { variables: { CLUSTER: cap.one("aws:ecs/cluster:Cluster").outputs.arn, SERVICE: "app", SECRET_ARNS: JSON.stringify([DB_SECRET, SIDECAR_SECRET, JWT_ARN].sort()) } },
      loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/shop-prod-app-redeploy" },
      tags: { environment: "prod", "managed-by": "hardened-aws", component: "service", service: "app" },
    });
    expect(JSON.stringify(code)).toContain("forceNewDeployment: true");
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "web-redeploy-log").inputs).toMatchObject({ name: "/aws/lambda/shop-prod-app-redeploy", tags: { "log-class": "security" } });
  });

  it("lets the function update exactly this service and write its own log, nothing else", async () => {
    const cap = await capture(build(), REGION);
    expect(JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-redeploy").inputs.policy).Statement).toEqual([
      { Sid: "RedeployThisService", Effect: "Allow", Action: "ecs:UpdateService", Resource: "arn:aws:ecs:eu-west-1:123456789012:service/shop-prod-app/app" },
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/shop-prod-app-redeploy:*" },
    ]);
    expect(JSON.parse(cap.one("aws:iam/role:Role", "web-redeploy").inputs.assumeRolePolicy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
    ]);
    // In a shared cluster, that cluster's name.
    const shared = await capture(build({ cluster: { arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod", name: "shop-prod" } }), REGION);
    expect(JSON.parse(shared.one("aws:iam/rolePolicy:RolePolicy", "web-redeploy").inputs.policy).Statement[0].Resource).toBe("arn:aws:ecs:eu-west-1:123456789012:service/shop-prod/app");
  });

  it("builds nothing for a service without secrets or with redeployOnRotation: false, and refuses a non-boolean", async () => {
    for (const over of [{ secrets: {} }, { redeployOnRotation: false }]) {
      const cap = await capture(build(over), REGION);
      expect([...cap.ofType("aws:lambda/function:Function"), ...cap.ofType("aws:cloudwatch/eventRule:EventRule"), ...cap.ofType("aws:cloudwatch/eventTarget:EventTarget")]).toEqual([]);
    }
    const { error } = await captureError(build({ redeployOnRotation: "yes" as never }), REGION);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).problems.map((p) => [p.code, p.arg])).toEqual([["SVC_REDEPLOY_ON_ROTATION", "redeployOnRotation"]]);
  });
});

describe("the redeploy function", () => {
  const target = targetFromEnv({ CLUSTER: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod-app", SERVICE: "app", SECRET_ARNS: JSON.stringify([DB_SECRET]) });
  const fakeEcs = () => {
    const sent: unknown[] = [];
    return { sent, send: async (c: UpdateServiceCommand) => (sent.push(c.input), { $metadata: {}, service: { deployments: [{ id: "ecs-svc/1" }] } }) };
  };

  it("forces a new deployment of its service on RotationSucceeded of one of its secrets", async () => {
    const ecs = fakeEcs();
    const lines: string[] = [];
    expect(await redeploy(ecs, target, rotated(DB_SECRET), (l) => lines.push(l))).toBe(true);
    expect(ecs.sent).toEqual([{ cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod-app", service: "app", forceNewDeployment: true }]);
    expect(JSON.parse(lines[0])).toEqual({ event: "redeploy", outcome: "deployment-started", secret: DB_SECRET, service: "app", deployment: "ecs-svc/1" });
  });

  it("ignores other events and other secrets", async () => {
    const ecs = fakeEcs();
    for (const e of [
      rotated(SIDECAR_SECRET),
      rotated(DB_SECRET, "RotationFailed"),
      { source: "aws.ecs", detail: { eventName: "RotationSucceeded", additionalEventData: { SecretId: DB_SECRET } } },
      {},
    ]) {
      expect(await redeploy(ecs, target, e, () => undefined)).toBe(false);
    }
    expect(ecs.sent).toEqual([]);
    expect(() => targetFromEnv({ SERVICE: "app" })).toThrow("redeploy: CLUSTER, SERVICE and SECRET_ARNS must be set");
  });
});
