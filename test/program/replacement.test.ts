/**
 * The replacement check (tools/replacements): the table of replace-forcing inputs is current, and comparing the prod
 * stack with a changed one reports each stateful resource the change would destroy, and nothing else.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { LogClasses, SecureDatabase } from "hardened-aws";
import { STATEFUL_TYPES } from "../../policy/protect";
import { main as previewMain } from "../../tools/preview";
import { resourcesAt } from "../../tools/replacements/against";
import { findReplacements, isStateful, recordsOf, ResourceRecord } from "../../tools/replacements/check";
import { capture, Capture } from "../support/capture";
import { packDir } from "../support/pack";
import { captureStack, REPO_ROOT } from "../support/program";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, OUT } = require("../../tools/replacements/generate.js");
const TABLE = JSON.parse(fs.readFileSync(OUT, "utf8"));
const DB = "aws:rds/instance:Instance";

describe("the table of replace-forcing inputs (tools/replacements/table.json)", () => {
  it("is what npm run replacements writes from the installed @pulumi/aws", () => {
    expect(TABLE).toEqual(generate());
  });

  it("covers every type the pack treats as stateful, plus buckets, log groups and cache clusters, each input with its declaration and source", () => {
    expect(Object.keys(TABLE.types)).toEqual(expect.arrayContaining([...STATEFUL_TYPES, "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup", "aws:elasticache/cluster:Cluster"]));
    for (const [type, t] of Object.entries<any>(TABLE.types)) {
      expect(Object.keys(t.forcesReplacement).length).toBeGreaterThan(0);
      for (const [prop, e] of Object.entries<any>(t.forcesReplacement)) {
        expect(`${type}.${prop} ${e.declared}`).toMatch(new RegExp(`^${type.replace(/[/$]/g, "\\$&")}\\.${prop} @pulumi/aws/[a-z0-9]+/[A-Za-z0-9]+\\.d\\.ts:\\d+$`));
        expect(e.sources.length).toBeGreaterThan(0);
        for (const s of e.sources)
          expect(s).toMatch(
            /^(hashicorp\/terraform-provider-aws@[0-9a-f]{12} internal\/service\/\S+\.go: "[a-z0-9_]+" ForceNew: true|@pulumi\/aws\/\S+\.d\.ts:\d+: .*(forces|Forces|force a replacement).*)$/,
          );
      }
    }
    expect(Object.keys(TABLE.types[DB].forcesReplacement)).toEqual(expect.arrayContaining(["identifier", "kmsKeyId", "storageEncrypted", "username", "dbName"]));
    expect(TABLE.types[DB].forcesReplacement.instanceClass).toBeUndefined();
    expect(Object.keys(TABLE.types["aws:elasticache/replicationGroup:ReplicationGroup"].forcesReplacement)).toEqual(
      expect.arrayContaining(["subnetGroupName", "kmsKeyId", "replicationGroupId", "atRestEncryptionEnabled"]),
    );
  });
});

describe("the replacement check on the prod stack", () => {
  let cap: Capture;
  let before: ResourceRecord[];
  const after = (c: Capture) => findReplacements(before, recordsOf(c));
  beforeAll(async () => {
    cap = await captureStack("prod");
    before = recordsOf(cap);
  }, 120_000);

  it("finds nothing between a stack and itself", () => {
    expect(before.filter((r) => isStateful(r)).length).toBeGreaterThan(25);
    expect(findReplacements(before, before)).toEqual([]);
  });

  it("catches a changed KMS key on the database, with the old and new key and the migration", () => {
    const db = cap.one(DB);
    const f = after(cap.withInputs(db, { kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555" }));
    expect(f.map((x) => [x.kind, x.urn, x.property, x.oldValue, x.newValue])).toEqual([
      ["replaced", db.urn, "kmsKeyId", db.inputs.kmsKeyId, "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"],
    ]);
    expect(f[0].sources![0]).toMatch(/internal\/service\/rds\/instance\.go: "kms_key_id" ForceNew: true/);
    expect(f[0].safeWay).toMatch(/^a documented migration: .*Snapshot, copy the snapshot with the new key, restore/);
  });

  it("catches a changed database identifier", () => {
    const db = cap.one(DB);
    expect(after(cap.withInputs(db, { identifier: "app-prod-db2" })).map((x) => [x.kind, x.property, x.oldValue, x.newValue])).toEqual([["replaced", "identifier", "app-prod-db", "app-prod-db2"]]);
  });

  it("catches a changed cache subnet group", () => {
    const rg = cap.one("aws:elasticache/replicationGroup:ReplicationGroup");
    const f = after(cap.withInputs(rg, { subnetGroupName: "app-prod-cache-new" }));
    expect(f.map((x) => [x.kind, x.urn, x.property, x.newValue])).toEqual([["replaced", rg.urn, "subnetGroupName", "app-prod-cache-new"]]);
    expect(f[0].safeWay).toMatch(/^blue\/green: /);
  });

  it("catches a removed log bucket", () => {
    const bucket = cap.one("aws:s3/bucket:Bucket", "edge-access-logs");
    const f = after(cap.without(bucket.name));
    expect(f.map((x) => [x.kind, x.urn])).toEqual([["deleted", bucket.urn]]);
    expect(f[0].safeWay).toMatch(/retainOnDelete: true/);
    expect(f[0].message).toBe("aws:s3/bucket:Bucket edge-access-logs is no longer in the program: retainOnDelete leaves it in AWS, but unmanaged and no longer used by the stack.");
  });

  it("reports nothing for a tag change, an instance-class change or a new secret", () => {
    const db = cap.one(DB);
    expect(after(cap.withInputs(db, { tags: { ...db.inputs.tags, team: "payments" } }))).toEqual([]);
    expect(after(cap.withInputs(db, { instanceClass: "db.r6g.xlarge" }))).toEqual([]);
    expect(
      findReplacements(
        before.filter((r) => !r.urn.endsWith("::secrets-jwt")),
        before,
      ),
    ).toEqual([]);
  });

  it("reads the earlier side from a --json report as the preview writes it, and redacts secret values", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "replacement-")), "prod.json");
    fs.writeFileSync(file, JSON.stringify({ project: cap.run.project, stack: "prod", resources: before }));
    const old = await resourcesAt(file, process.cwd(), cap.run.project, "prod");
    expect(findReplacements(old, recordsOf(cap))).toEqual([]);
    await expect(resourcesAt(file, process.cwd(), cap.run.project, "staging")).rejects.toThrow(`is a report of ${cap.run.project}/prod, not ${cap.run.project}/staging`);
    const secret = cap.ofType("aws:secretsmanager/secretVersion:SecretVersion").find((r) => r.secretInputPaths.includes("secretString"));
    expect(JSON.stringify(before)).not.toContain(secret!.inputs.secretString);
  });
});

describe("npm run preview -- --against", () => {
  it("exits 1 on a stateful replacement since an earlier report, naming it, and writes a report that shows no secret", async () => {
    const cap = await captureStack("prod");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replacement-"));
    const earlier = recordsOf(cap).map((r) => (r.type === DB ? { ...r, inputs: { ...r.inputs, identifier: "app-prod-legacy" } } : r));
    fs.writeFileSync(path.join(dir, "earlier.json"), JSON.stringify({ project: cap.run.project, stack: "prod", resources: earlier }));
    const args = ["tools/run.js", "preview", "--policy-pack", packDir(), "--stack", "prod", "--quiet", "--json", path.join(dir, "now.json"), "--against", path.join(dir, "earlier.json")];
    const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 180_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`Replacement check against ${path.join(dir, "earlier.json")}: 1 stateful resource change(s) that destroy data`);
    expect(r.stdout).toContain('[mandatory] aws:rds/instance:Instance db-instance is replaced: identifier changes from "app-prod-legacy" to "app-prod-db"');
    const report = fs.readFileSync(path.join(dir, "now.json"), "utf8");
    const secrets = cap.resources.flatMap((x) => x.secretInputPaths.map((p) => p.split(".").reduce((v: any, k) => v?.[k], x.inputs))).filter((v) => typeof v === "string" && v.length >= 8);
    expect(secrets.length).toBeGreaterThan(5);
    for (const v of secrets) expect(report.includes(v)).toBe(false);
    expect(JSON.parse(report).resources.find((x: any) => x.type === DB).outputs.identifier).toBe("app-prod-db");
  }, 240_000);

  it("refuses --as-preview, whose unknown values it cannot compare", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (m: string) => errors.push(m);
    try {
      expect(await previewMain(["--stack", "prod", "--as-preview", "--against", "HEAD"])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors).toEqual(["error: --against compares every input, which --as-preview leaves unknown: run it without --as-preview."]);
  });

  it("against HEAD on a clean tree: runs the committed program in a temporary worktree, finds nothing, exits 0 and removes the worktree", () => {
    const r = spawnSync(process.execPath, ["tools/run.js", "preview", "--policy-pack", packDir(), "--stack", "prod", "--quiet", "--against", "HEAD"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(`${r.stdout}${r.stderr}`).toContain("Replacement check against HEAD: 0 stateful resource change(s) that destroy data");
    expect(r.status).toBe(0);
    expect(spawnSync("git", ["worktree", "list"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout).not.toContain("hardened-aws-against-");
  }, 240_000);
});

describe("renaming the database component", () => {
  const config = { "aws:region": "eu-west-1" };
  const build = (name: string, opts?: pulumi.ComponentResourceOptions) => () => {
    const logs = new LogClasses("logs", { environment: "prod", appName: "shop", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs" });
    return new SecureDatabase(name, { environment: "prod", appName: "shop", logs, vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] }, opts);
  };
  let before: ResourceRecord[];
  beforeAll(async () => {
    before = recordsOf(await capture(build("db"), { config }));
  }, 60_000);

  it("without an alias is caught: the instance, its key and its secrets would be deleted and created anew", async () => {
    const f = findReplacements(before, recordsOf(await capture(build("database"), { config })));
    const renamed = f.filter((x) => x.kind === "renamed-without-alias");
    expect(renamed.map((x) => [x.type, x.urn.split("::").pop(), x.newUrn!.split("::").pop()])).toEqual(
      expect.arrayContaining([
        [DB, "db-instance", "database-instance"],
        ["aws:kms/key:Key", "db-key", "database-key"],
      ]),
    );
    expect(renamed.find((x) => x.type === DB)!.safeWay).toMatch(/aliases: \[\{ name: "db-instance" \}\]/);
  });

  it("with an alias on the component, every child keeps its URN: only the identifier derived from the new name remains", async () => {
    const f = findReplacements(before, recordsOf(await capture(build("database", { aliases: [{ name: "db" }] }), { config })));
    expect(f.filter((x) => x.kind !== "replaced")).toEqual([]);
    expect(f.map((x) => [x.type, x.property, x.oldValue, x.newValue])).toEqual(expect.arrayContaining([[DB, "identifier", "shop-prod-db", "shop-prod-database"]]));
  });
});

describe("the pull-request workflow", () => {
  it("runs the replacement check against the base branch for the program's prod stack and for every example stack", () => {
    const wf = parse(fs.readFileSync(path.join(REPO_ROOT, ".github", "workflows", "pull-request.yml"), "utf8"));
    const step = (job: string) => wf.jobs[job].steps.find((s: any) => /--against/.test(s.run ?? ""));
    expect(step("offline").run).toContain('npm run preview -- --stack prod --quiet --against "origin/$BASE_REF"');
    expect(step("examples").run).toContain('npm run preview -- --project-dir "examples/$APP" --stack "$STACK" --quiet --against "origin/$BASE_REF"');
    for (const job of ["offline", "examples"]) {
      expect(step(job).env.BASE_REF).toBe("${{ github.base_ref }}");
      expect(step(job).run).toMatch(/git fetch --no-tags --depth=1 origin "\+refs\/heads\/\$BASE_REF:refs\/remotes\/origin\/\$BASE_REF"/);
    }
  });
});
