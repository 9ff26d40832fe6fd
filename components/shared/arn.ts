/**
 * ARNs and IAM principals, parsed once for every component: wherever a role, key, function, topic or other
 * resource ARN is expected, a malformed ARN, a wildcard principal (`*`, `arn:aws:iam::*:role/x`) and an
 * account-wide role pattern (`role/*`) are refused.
 */
import { Finding, Rule } from "./shape";

/** The parts of `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"];
const ARN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/;

/** Parses an ARN of a known partition; undefined when the text is not one. */
export function parseArn(text: string): Arn | undefined {
  const m = ARN.exec(text);
  if (!m || !PARTITIONS.includes(m[1])) return undefined;
  return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}

const example = {
  role: "arn:aws:iam::123456789012:role/app-task",
  key: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  lambda: "arn:aws:lambda:eu-west-1:123456789012:function:rotate",
  topic: "arn:aws:sns:eu-west-1:123456789012:alerts",
};

const wildcard = (value: string, noun: string, code = "PRINCIPAL_WILDCARD"): Finding => ({
  code,
  problem: `"${value}" is a wildcard principal where ${/^[aeiouIAEOU]/.test(noun) ? "an" : "a"} ${noun} is expected, so it grants every matching identity (or every AWS identity)`,
  fix: `name one ${noun} by its full ARN, e.g. ${example.role}.`,
});

const ROLE_PATH = /^role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const ROLE_PATTERN_PATH = /^role\/([\w+=,.@*-]+\/)*[\w+=,.@*?-]{1,64}$/;

/** An IAM role of one account, named exactly. */
export const roleArn =
  (code = "ROLE_ARN"): Rule<string> =>
  (v) => {
    if (v.includes("*") || v.includes("?")) return wildcard(v, "IAM role");
    const a = parseArn(v);
    return a && a.service === "iam" && a.region === "" && /^\d{12}$/.test(a.account) && ROLE_PATH.test(a.resource)
      ? undefined
      : { code, problem: `"${v}" is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)`, fix: `grant a role, not a user, account root or service; pass e.g. ${example.role}.` };
  };

/**
 * An IAM role of one account, or a role-name pattern of that account (`role/shop-prod-*`): the pattern must keep a
 * literal name prefix, so `role/*` (every role of the account) and a wildcard account are refused.
 */
export const rolePattern =
  (code = "ROLE_ARN"): Rule<string> =>
  (v) => {
    const a = parseArn(v);
    const pattern = a && a.service === "iam" && a.region === "" && /^\d{12}$/.test(a.account) && ROLE_PATTERN_PATH.test(a.resource);
    if (!pattern)
      return v.includes("*")
        ? wildcard(v, "IAM role", code)
        : {
            code,
            problem: `"${v}" is not an IAM role ARN (or a role-name pattern) of one account`,
            fix: `use arn:aws:iam::<account>:role/<name>, e.g. the task role of the service (${example.role}).`,
          };
    const name = a.resource.slice("role/".length);
    const literal = name.split(/[*?]/)[0];
    return /[*?]/.test(name) && literal.replace(/\//g, "").length < 3
      ? {
          code,
          problem: `"${v}" matches every role of the account (or nearly), an account-wide principal`,
          fix: "name the role, or keep a prefix of the application's roles such as role/shop-prod-*.",
        }
      : undefined;
  };

/** A principal that manages resources: a role or user of one account, named exactly (never root, never a wildcard). */
export const iamPrincipalArn =
  (code = "PRINCIPAL_ARN"): Rule<string> =>
  (v) => {
    if (v.includes("*") || v.includes("?")) return wildcard(v, "IAM role or user");
    const a = parseArn(v);
    return a && a.service === "iam" && /^\d{12}$/.test(a.account) && /^(role|user)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/.test(a.resource)
      ? undefined
      : { code, problem: `"${v}" is not an IAM role or user ARN (the account root would be every identity of the account)`, fix: `pass the deploying role's ARN, e.g. ${example.role}.` };
  };

/**
 * An ARN of `service` whose resource matches `resource` (e.g. `key/<id>` for KMS); no wildcard, a region and an
 * account when the service is regional.
 */
export const serviceArn =
  (service: string, resource: RegExp, what: string, code: string, eg: string): Rule<string> =>
  (v) => {
    if (v.includes("*")) return { code, problem: `"${v}" is a wildcard where one ${what} is expected`, fix: `pass the ${what}'s ARN, e.g. ${eg}.` };
    const a = parseArn(v);
    return a && a.service === service && /^\d{12}$/.test(a.account) && (service === "iam" || a.region !== "") && resource.test(a.resource)
      ? undefined
      : { code, problem: `"${v}" is not ${/^[aeiou]/i.test(what) ? "an" : "a"} ${what} ARN`, fix: `pass e.g. ${eg}.` };
  };

export const kmsKeyArn = (code = "KMS_KEY_ARN"): Rule<string> => serviceArn("kms", /^key\/[A-Za-z0-9-]{1,128}$/, "KMS key", code, example.key);
export const lambdaArn = (code = "LAMBDA_ARN"): Rule<string> => serviceArn("lambda", /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/, "Lambda function", code, example.lambda);
export const topicArn = (code = "TOPIC_ARN"): Rule<string> => serviceArn("sns", /^[A-Za-z0-9_-]{1,256}$/, "SNS topic", code, example.topic);
export const secretArn = (code = "SECRET_ARN"): Rule<string> =>
  serviceArn(
    "secretsmanager",
    /^secret:[A-Za-z0-9/_+=.@!-]{1,512}(:[^:]*:[^:]*:[^:]*)?$/,
    "Secrets Manager secret",
    code,
    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/jwt-AbCdEf",
  );
export const targetGroupArn = (code = "TARGET_GROUP_ARN"): Rule<string> =>
  serviceArn(
    "elasticloadbalancing",
    /^targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-z]{1,32}$/,
    "target group",
    code,
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-app/0123456789abcdef",
  );
export const loadBalancerArn = (code = "LOAD_BALANCER_ARN"): Rule<string> =>
  serviceArn(
    "elasticloadbalancing",
    /^loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-z]{1,32}$/,
    "Application Load Balancer",
    code,
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-prod/0123456789abcdef",
  );
export const trustStoreArn = (code = "TRUST_STORE_ARN"): Rule<string> =>
  serviceArn(
    "elasticloadbalancing",
    /^truststore\/[A-Za-z0-9-]{1,32}\/[0-9a-z]{1,32}$/,
    "trust store",
    code,
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:truststore/cameras/0123456789abcdef",
  );
export const certificateArn = (code = "CERTIFICATE_ARN"): Rule<string> =>
  serviceArn("acm", /^certificate\/[A-Za-z0-9-]{1,128}$/, "ACM certificate", code, "arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012");
export const clusterArn = (code = "CLUSTER_ARN"): Rule<string> => serviceArn("ecs", /^cluster\/[A-Za-z0-9_-]{1,255}$/, "ECS cluster", code, "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod");
export const repositoryArn = (code = "REPOSITORY_ARN"): Rule<string> =>
  serviceArn("ecr", /^repository\/[a-z0-9._/-]{2,256}$/, "ECR repository", code, "arn:aws:ecr:eu-west-1:123456789012:repository/shop/prod/app");

/** Any resource ARN of one account (e.g. a resource to back up); no wildcard. */
export const resourceArn =
  (code = "ARN"): Rule<string> =>
  (v) => {
    if (v.includes("*")) return { code, problem: `"${v}" is a wildcard where one resource is expected`, fix: "name each resource by its ARN." };
    const a = parseArn(v);
    return a && /^\d{12}$/.test(a.account) ? undefined : { code, problem: `"${v}" is not a resource ARN of one account`, fix: "pass e.g. arn:aws:dynamodb:eu-west-1:123456789012:table/orders." };
  };
