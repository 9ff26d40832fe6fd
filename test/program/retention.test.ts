/**
 * retainOnDelete on prod stateful resources, which the offline preview checks because a policy pack is not sent
 * it: the same stateful list as the pack's protect policy, the same meaning of prod.
 */
import { describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import { capture } from "hardened-aws/testing";
import { KEPT_CLASSES } from "../../components/logs/defaults";
import { isProd } from "../../policy/environment";
import { EVIDENCE_LOG_CLASSES, isStateful as packStateful, STATEFUL_TYPES } from "../../policy/protect";
import { isStateful } from "../../tools/replacements/check";
import { prodResource, retentionFindings } from "../../tools/retention";

const REGION = { config: { "aws:region": "eu-west-1" } };

/** Hand-written resources: kept and not kept, data and evidence, prod and staging. */
const program = () => {
  new aws.s3.Bucket("uploads", { tags: { environment: "prod" } });
  new aws.s3.Bucket("kept-uploads", { tags: { environment: "prod" } }, { protect: true, retainOnDelete: true });
  new aws.s3.Bucket("staging-uploads", { tags: { environment: "staging" } });
  new aws.cloudwatch.LogGroup("audit", { retentionInDays: 2557, tags: { "log-class": "audit" } });
  new aws.cloudwatch.LogGroup("app", { retentionInDays: 90, tags: { "log-class": "application" } });
  new aws.secretsmanager.Secret("jwt", { tags: { environment: "prod" } }, { retainOnDelete: true });
  new aws.kms.Key("data-key", { enableKeyRotation: true });
  new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
};

describe("retainOnDelete in the offline preview", () => {
  it("names every prod stateful resource without it: buckets, evidence log groups, keys; not staging, application logs or stateless types", async () => {
    const cap = await capture(program, REGION);
    const findings = retentionFindings(cap, undefined);
    expect(findings.map((f) => f.urn.split("::").pop()).sort()).toEqual(["audit", "data-key", "uploads"]);
    expect(findings.find((f) => f.urn.endsWith("::uploads"))!.message).toBe(
      "s3/bucket uploads lacks retainOnDelete: `pulumi destroy`, or dropping it from the program, deletes it and its data. Set { retainOnDelete: true } (hardened-aws components set it on their stateful resources in prod).",
    );
  });

  it("holds every resource of a stack whose pack config says prod, and exempts untagged ones in a staging stack", async () => {
    const cap = await capture(program, REGION);
    expect(
      retentionFindings(cap, { environment: "prod" })
        .map((f) => f.urn.split("::").pop())
        .sort(),
    ).toEqual(["audit", "data-key", "staging-uploads", "uploads"]);
    expect(retentionFindings(cap, { environment: "staging" }).map((f) => f.urn.split("::").pop())).toEqual(["uploads"]);
  });

  it("counts as evidence exactly the log classes the components keep", () => {
    expect([...EVIDENCE_LOG_CLASSES]).toEqual([...KEPT_CLASSES]);
  });

  it("holds the resources the pack's protect policy holds, with the pack's meaning of prod", () => {
    for (const type of STATEFUL_TYPES) expect([type, isStateful({ urn: "u", type, name: "r", inputs: {}, options: {} })]).toEqual([type, true]);
    for (const cls of ["security", "audit", "application", undefined]) {
      const props = { tags: { "log-class": cls } };
      expect([cls, isStateful({ urn: "u", type: "aws:cloudwatch/logGroup:LogGroup", name: "g", inputs: props, options: {} })]).toEqual([cls, packStateful("aws:cloudwatch/logGroup:LogGroup", props)]);
    }
    for (const environment of ["prod", "staging", undefined])
      for (const tag of ["prod", "staging", "Prod", undefined]) {
        const tags = tag === undefined ? {} : { environment: tag };
        expect([environment, tag, prodResource(tags, { environment })]).toEqual([environment, tag, isProd({ tags }, { environment })]);
      }
  });
});
