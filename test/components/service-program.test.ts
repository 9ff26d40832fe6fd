/** The service shapes as the program (infra/) composes them in prod: listener edge, event log grant, one-off tasks. */
import { describe, expect, it } from "@jest/globals";
import { bootstrapSql } from "../../components/database/roles";
import { captureStack } from "../support/program";

describe("the program's service shapes (prod)", () => {
  it("creates the app's ECS service after the listener rule that attaches its target group", async () => {
    const cap = await captureStack("prod");
    const rule = cap.one("aws:lb/listenerRule:ListenerRule", "edge-app");
    const tg = cap.one("aws:lb/targetGroup:TargetGroup", "edge-app");
    expect(rule.inputs.actions[0].targetGroupArn).toBe(tg.outputs.arn);
    const svc = cap.one("aws:ecs/service:Service", "app-service");
    expect(svc.dependencies).toContain(rule.urn);
    // Through the rule, after the HTTPS listener; and after no other rule of the load balancer.
    expect(rule.dependencies).toContain(cap.one("aws:lb/listener:Listener", "edge-https").urn);
    const rules = cap.ofType("aws:lb/listenerRule:ListenerRule").map((r) => r.urn);
    expect(svc.dependencies.filter((d) => rules.includes(d))).toEqual([rule.urn]);
  });

  it("lets the app's task role write to exactly the security, security-critical and audit groups", async () => {
    const cap = await captureStack("prod");
    const arn = (n: string) => `arn:aws:logs:eu-west-1:123456789012:log-group:/app/prod/${n}`;
    const statements = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "app-task").inputs.policy).Statement;
    expect(statements).toEqual([
      {
        Sid: "EventLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: ["security", "security-critical", "audit"].flatMap((n) => [arn(n), `${arn(n)}:log-stream:*`]),
      },
    ]);
  });

  it("runs the DB-6 bootstrap SQL as a one-off task inside the VPC, with the master and role passwords by ARN", async () => {
    const cap = await captureStack("prod");
    const td = cap.one("aws:ecs/taskDefinition:TaskDefinition", "db-bootstrap-task");
    const [c] = JSON.parse(td.inputs.containerDefinitions);
    const db = cap.one("aws:rds/instance:Instance");
    const master = db.outputs.masterUserSecrets[0].secretArn;
    const role = (r: string) => cap.one("aws:secretsmanager/secret:Secret", `db-${r}-secret`).outputs.arn;
    expect(td.inputs.family).toBe("app-prod-db-bootstrap");
    expect(c).toMatchObject({ name: "db-bootstrap", user: "70:70", readonlyRootFilesystem: true, essential: true });
    expect(c.image).toMatch(/^public\.ecr\.aws\/docker\/library\/postgres@sha256:[0-9a-f]{64}$/);
    expect(c.secrets).toEqual([
      { name: "APP_RW_PASSWORD", valueFrom: `${role("app_rw")}:password::` },
      { name: "MIGRATOR_PASSWORD", valueFrom: `${role("migrator")}:password::` },
      { name: "PGPASSWORD", valueFrom: `${master}:password::` },
      { name: "PGUSER", valueFrom: `${master}:username::` },
      { name: "READONLY_PASSWORD", valueFrom: `${role("readonly")}:password::` },
    ]);
    const env = Object.fromEntries(c.environment.map((e: any) => [e.name, e.value]));
    expect(env).toEqual({
      BOOTSTRAP_SQL: bootstrapSql().all,
      CA_BUNDLE_URL: "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
      PGDATABASE: db.inputs.dbName,
      PGHOST: db.outputs.address,
      PGPORT: String(db.inputs.port),
      PGSSLMODE: "verify-full",
      PGSSLROOTCERT: "/tmp/rds-global-bundle.pem",
    });
    expect(c.command).toEqual([
      "sh",
      "-c",
      'wget -qO "$PGSSLROOTCERT" "$CA_BUNDLE_URL" && printf \'%s\\n\' "$BOOTSTRAP_SQL" | psql -v ON_ERROR_STOP=1 -v readonly_password="$READONLY_PASSWORD" -v app_rw_password="$APP_RW_PASSWORD" -v migrator_password="$MIGRATOR_PASSWORD" -f -',
    ]);
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "net-app-sg").id;
    const subnets = cap
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => s.name.startsWith("net-app-"))
      .map((s) => s.id);
    expect(cap.outputs.dbBootstrapCommand).toBe(
      `aws ecs run-task --region eu-west-1 --cluster app-prod-app --task-definition app-prod-db-bootstrap --launch-type FARGATE --platform-version LATEST --count 1 --propagate-tags TASK_DEFINITION --network-configuration 'awsvpcConfiguration={subnets=[${subnets.join(",")}],securityGroups=[${sg}],assignPublicIp=DISABLED}'`,
    );
  });

  it("runs migrations in the app image as the migrator role, which the app service never reads", async () => {
    const cap = await captureStack("prod");
    const migrator = cap.one("aws:secretsmanager/secret:Secret", "db-migrator-secret").outputs.arn;
    const [c] = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", "migrate-task").inputs.containerDefinitions);
    const [app] = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", "app-task").inputs.containerDefinitions);
    expect(c).toMatchObject({ name: "migrate", image: app.image, user: app.user, command: ["npm", "run", "--if-present", "migrate"] });
    expect(c.secrets).toEqual([{ name: "DATABASE_CREDENTIALS", valueFrom: migrator }]);
    expect(app.secrets.map((s: any) => s.valueFrom)).not.toContain(migrator);
    expect(cap.outputs.migrateCommand).toMatch(/^aws ecs run-task --region eu-west-1 --cluster app-prod-app --task-definition app-prod-migrate .*assignPublicIp=DISABLED\}'$/);
  });
});
