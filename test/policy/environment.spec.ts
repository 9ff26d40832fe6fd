/**
 * One meaning of prod in the pack (policy/environment.ts): the stack's pack config decides where it names an
 * environment; otherwise only a resource tagged exactly `staging` is exempt from prod rules. Misspelt, missing or
 * unknown tags are prod, never a reason to skip a check.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { albDeletionProtection } from "../../policy/alb";
import { rgResilience } from "../../policy/elasticache";
import { ENVIRONMENT_CONFIG, isProd } from "../../policy/environment";
import { allPolicies } from "../../policy/policies";
import { statefulProtected } from "../../policy/protect";
import * as rds from "../../policy/rds";
import { checkResource, checkStack, UNKNOWN } from "../support/policy";

const MISSPELT = ["Prod", "PROD", "production", "prod ", " staging", "Staging", "dev"];
const DB_FINDING = "Prod database has no deletion protection: one API call or a replacement in an update deletes it.";
const db = (tags?: Record<string, string>) => ({ type: rds.INSTANCE, props: { engine: "postgres", deletionProtection: false, ...(tags ? { tags } : {}) } });
const cache = (tags?: Record<string, string>) => ({
  type: "aws:elasticache/replicationGroup:ReplicationGroup",
  props: { numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 0, ...(tags ? { tags } : {}) },
});
const alb = (tags?: Record<string, string>) => ({ type: "aws:lb/loadBalancer:LoadBalancer", props: { loadBalancerType: "application", enableDeletionProtection: false, ...(tags ? { tags } : {}) } });

describe("environment: one meaning of prod in the pack", () => {
  it("isProd: exact staging is exempt; every other tag, a missing or unknown tag is prod; a prod config holds everything", () => {
    assert.equal(isProd({ tags: { environment: "staging" } }), false);
    assert.equal(isProd({ tags: { environment: "prod" } }), true);
    for (const t of MISSPELT) assert.equal(isProd({ tags: { environment: t } }), true, JSON.stringify(t));
    assert.equal(isProd({}), true);
    assert.equal(isProd({ tags: { environment: UNKNOWN } }), true);
    assert.equal(isProd({ tags: { environment: "staging" } }, { environment: "prod" }), true);
    assert.equal(isProd({}, { environment: "staging" }), false);
    assert.equal(isProd({ tags: { environment: "Prod" } }, { environment: "staging" }), true);
    assert.equal(isProd({ tags: { environment: "prod" } }, { environment: "staging" }), true);
    assert.equal(isProd({}, { environment: "Staging" }), true, "a config value that is not exactly an environment decides nothing");
  });

  it("rds-deletion-protection holds misspelt, missing and unknown tags to prod", async () => {
    for (const tags of [...MISSPELT.map((environment) => ({ environment })), undefined, { environment: UNKNOWN }]) {
      const v = await checkResource(rds.deletionProtection, db(tags));
      assert.deepEqual([tags, v.notApplicable, v.violations], [tags, false, [`${DB_FINDING} Fix: ${rds.deletionProtection.spec.remediation}`]]);
    }
    const staging = await checkResource(rds.deletionProtection, db({ environment: "staging" }));
    assert.deepEqual([staging.notApplicable, staging.violations], [true, []]);
  });

  it("rds-deletion-protection follows the stack's pack config: prod holds a staging tag, staging exempts an untagged database", async () => {
    assert.deepEqual((await checkResource(rds.deletionProtection, db({ environment: "staging" }), { environment: "prod" })).violations, [
      `${DB_FINDING} Fix: ${rds.deletionProtection.spec.remediation}`,
    ]);
    assert.equal((await checkResource(rds.deletionProtection, db(), { environment: "staging" })).notApplicable, true);
    assert.equal((await checkResource(rds.deletionProtection, db({ environment: "Prod" }), { environment: "staging" })).violations.length, 1);
  });

  it("elasticache-replication-group-prod-resilience and elb-alb-deletion-protection check a misspelt prod instead of skipping it", async () => {
    for (const environment of ["Prod", "production", "prod "]) {
      const c = await checkResource(rgResilience, cache({ environment }));
      assert.equal(c.violations.length, 2, environment);
      assert.match(c.violations[0], /^Prod replication group has no automatic Multi-AZ failover/);
      assert.deepEqual((await checkResource(albDeletionProtection, alb({ environment }))).violations, [
        `Production load balancer has no deletion protection, so one mistaken update or destroy takes the site offline and changes its DNS name. Fix: ${albDeletionProtection.spec.remediation}`,
      ]);
    }
    assert.deepEqual((await checkResource(rgResilience, cache({ environment: "staging" }))).violations, []);
    assert.deepEqual((await checkResource(albDeletionProtection, alb({ environment: "staging" }))).violations, []);
    assert.equal((await checkResource(albDeletionProtection, alb({ environment: "staging" }), { environment: "prod" })).violations.length, 1);
  });

  it("pulumi-stateful-resources-protected reports an unprotected database tagged Prod, and exempts it in a staging stack only when untagged or tagged staging", async () => {
    const res = (environment?: string) => ({ type: rds.INSTANCE, name: "db", props: environment ? { tags: { environment } } : {}, opts: { protect: false } });
    assert.equal((await checkStack(statefulProtected, [res("Prod")])).violations.length, 1);
    assert.equal((await checkStack(statefulProtected, [res()])).violations.length, 1);
    assert.equal((await checkStack(statefulProtected, [res("staging")])).violations.length, 0);
    assert.equal((await checkStack(statefulProtected, [res()], { environment: "staging" })).violations.length, 0);
    assert.equal((await checkStack(statefulProtected, [res("staging")], { environment: "prod" })).violations.length, 1);
  });

  it("every policy that reads the environment declares the environment config, and the stack configs set it", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stackConfigs } = require("../../tools/build-policy.js");
    const configs = stackConfigs(allPolicies);
    const byEnvironment = allPolicies
      .filter((p) => p.configSchema === ENVIRONMENT_CONFIG)
      .map((p) => p.name)
      .sort();
    assert.equal(byEnvironment.length, 18);
    for (const name of ["elb-nlb-deletion-protection", "elasticache-cluster-prod-resilience", "rds-deletion-protection"]) assert.ok(byEnvironment.includes(name), name);
    for (const name of byEnvironment) {
      assert.equal(configs.prod[name].environment, "prod", name);
      assert.equal(configs.staging[name].environment, "staging", name);
    }
  });
});
