import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { Environment } from "../shared/naming";

/** Minimum TLS protocol version the server accepts (DB-1). */
export type PostgresTlsVersion = "TLSv1.2" | "TLSv1.3";

/** Arguments for {@link SecureDatabase}. */
export interface SecureDatabaseArgs {
  /** Environment; tags and prod defaults (Multi-AZ, deletion protection, 35-day backups, protect). @checked at construction */
  readonly environment: Environment;
  /** Application name; part of the instance identifier (`<appName>-<env>-<name>`) and secret names (`/<appName>/<env>/db/<role>`). @checked at construction */
  readonly appName: string;
  /** Log classes that supply the encrypted `postgresql` (audit) and `upgrade` (application) export groups. @checked at construction */
  readonly logs: LogClasses;
  /** VPC of the database security group. @checked at construction, or when it resolves if it is an Output */
  readonly vpcId: pulumi.Input<string>;
  /** Private data-tier subnets for the DB subnet group (at least two AZs). @checked at construction, or when it resolves if it is an Output */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security groups admitted on the port (the app tasks, the migration task). At least one of these or `allowedCidrs`. @default [] @checked at construction, or when it resolves if it is an Output */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** Private CIDRs (VPN, bastion) admitted on the port. Never 0.0.0.0/0, ::/0 or any /0. @default [] @checked at construction */
  readonly allowedCidrs?: readonly string[];
  /**
   * TCP port, 1150-65535. PostgreSQL's default 5432 is an explicit choice the pack's rds-instance-non-default-port
   * (FSBP RDS.23) refuses unless the stack's pack config makes that policy advisory. @default 5433
   * @checked at construction
   */
  readonly port?: number;
  /** PostgreSQL major version (RDS picks the newest minor; minors upgrade automatically). @default "16" @checked at construction */
  readonly engineVersion?: string;
  /** RDS instance class. @default "db.t4g.medium" @checked at construction */
  readonly instanceClass?: string;
  /** Initial gp3 storage, GiB (20 to 65536). @default 20 @checked at construction */
  readonly allocatedStorage?: number;
  /** Storage autoscaling ceiling, GiB (at least `allocatedStorage`). @default 100 @checked at construction */
  readonly maxAllocatedStorage?: number;
  /** Name of the application database. @default appName without non-alphanumerics (e.g. "myapp") @checked at construction */
  readonly databaseName?: string;
  /** Master user name (RDS-managed password; never used by the app). Not `postgres` or `admin` (FSBP RDS.25). @default "dbadmin" @checked at construction */
  readonly masterUsername?: string;
  /** Minimum TLS version the server accepts. @default "TLSv1.2" @checked at construction */
  readonly minTlsVersion?: PostgresTlsVersion;
  /** Statements slower than this many milliseconds are logged (`log_min_duration_statement`). @default 1000 @checked at construction */
  readonly slowQueryMs?: number;
  /** Standby in a second AZ. @default true in prod, false in staging @checked at construction */
  readonly multiAz?: boolean;
  /** Automated backup (point-in-time recovery) retention, days, 1 to 35. @default 35 in prod, 7 in staging @checked at construction */
  readonly backupRetentionDays?: number;
  /** RDS deletion protection; prod cannot turn it off. @default true in prod, false in staging @checked at construction */
  readonly deletionProtection?: boolean;
  /** Pulumi `protect` + `retainOnDelete` on the instance, its key and its secrets. @default true in prod, false in staging @checked at construction */
  readonly protect?: boolean;
  /** An existing CMK ARN for storage, Performance Insights, the master secret and the role secrets. @default a new CMK with rotation @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Enhanced monitoring interval, seconds (1, 5, 10, 15, 30 or 60). @default 60 @checked at construction */
  readonly monitoringInterval?: number;
  /** Performance Insights retention, days (7, or a multiple of 31 up to 731). @default 7 @checked at construction */
  readonly performanceInsightsRetentionDays?: number;
  /** SNS topic for CPU, storage and connection alarms; no alarms without it. @default none @checked at construction, or when it resolves if it is an Output */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** `max_connections` the connection alarm measures against. @default estimated from the instance class memory @checked at construction */
  readonly maxConnections?: number;
  /**
   * Days between automatic rotations of each role password (SEC-4: whole days, 1 to 90), once `rolesBootstrapped`;
   * the first full rotation runs one period after rotation is configured. @default 30
   * @checked at construction
   */
  readonly roleRotationDays?: number;
  /**
   * Whether the bootstrap SQL (`bootstrapSql`) has created the roles. Secrets Manager runs the rotation function's
   * testSecret as soon as rotation is configured, even with `rotateImmediately: false`, and that logs in as the role:
   * before the bootstrap it fails and the deployment with it. While false, no rotation is configured and each role
   * secret is tagged `rotation: pending-bootstrap` (the pack accepts that tag on database role secrets without a
   * schedule); run the bootstrap, then set it to true and deploy again to turn rotation on. @default false
   * @checked at construction
   */
  readonly rolesBootstrapped?: boolean;
  /**
   * An existing Secrets Manager rotation function for the role secrets, implementing the same alternating-users scheme
   * on the same secret JSON (see `roleSecretArns`). It must reach the database (admit its security group in
   * `allowedSecurityGroupIds`) and Secrets Manager, may decrypt with `kmsKeyArn`, and brings its own invoke
   * permission for Secrets Manager. When set, nothing is deployed for rotation.
   * @default the package's function (functions/postgres, bundled, Node.js 22) deployed in `subnetIds` with its own
   * security group (the database port, 443 to Secrets Manager) and a role limited to these secrets and this key
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly rotationLambdaArn?: pulumi.Input<string>;
  /**
   * IAM role ARNs (or account-local role-name patterns such as `arn:aws:iam::123456789012:role/shop-prod-*`) that may
   * read the role secrets, e.g. the task execution roles of the services that inject them. Every other principal
   * except the deploying identity and the package's rotation function is denied GetSecretValue by each secret's
   * resource policy; with `rotationLambdaArn`, include that function's role here. @default no resource policy (IAM decides)
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly readerRoleArns?: readonly pulumi.Input<string>[];
}
