import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../shared/errors";
import { kmsKeyArn } from "../shared/arn";
import { appNameRule } from "../shared/names";
import { awsContext, baseTags, statefulOptions } from "../shared/naming";
import { checkArgs, environment, input, num, obj, opt, req, Shape, str } from "../shared/shape";
import { customerManagedKey } from "../shared/kms";
import { LogClass, LogClassesArgs } from "./args";
import { DEFAULT_RETENTION_DAYS, KEPT_CLASSES, PROD_MIN_RETENTION_DAYS, STANDARD_GROUPS } from "./defaults";

export * from "./args";

/** CloudWatch Logs retention values (days). */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const days = opt(num());

/** Runtime shape of {@link LogClassesArgs}: a misspelt class in retentionDays is refused, never ignored. */
export const SHAPE: Shape<LogClassesArgs> = {
  environment,
  appName: req(str(appNameRule())),
  retentionDays: opt(obj<Record<LogClass, number>>({ application: days, security: days, "security-critical": days, audit: days, network: days }, "an object of days per log class")),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
};

/**
 * Log classes: one CMK for every log group and a retention per class. Components take their log
 * groups from here (`logs.group(...)`), so no log group exists without a class, a key and a retention.
 */
export class LogClasses extends pulumi.ComponentResource {
  /** ARN of the CMK that encrypts every group. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** Retention in days per class, after defaults. */
  readonly retentionDays: Readonly<Record<LogClass, number>>;
  private readonly env: LogClassesArgs["environment"];
  private readonly appName: string;
  private readonly resourceName: string;
  private standard?: StandardLogGroups;

  constructor(name: string, args: LogClassesArgs, opts?: pulumi.ComponentResourceOptions) {
    args = checkArgs("LogClasses", "LOG", name, args, SHAPE); // first: the defaults and prod floors read it
    // A class given as undefined keeps its default (callers pass config values through as they are).
    const retention = { ...DEFAULT_RETENTION_DAYS, ...Object.fromEntries(Object.entries(args.retentionDays ?? {}).filter(([, v]) => v !== undefined)) };
    const problems = new Problems();
    for (const [cls, days] of Object.entries(retention)) {
      problems.check(
        !(CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(days),
        "LOG_RETENTION_VALUE",
        `retentionDays.${cls}`,
        `${days} is not a CloudWatch Logs retention value`,
        `use one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}.`,
      );
    }
    for (const [cls, days] of Object.entries(retention) as [LogClass, number][]) {
      const floor = PROD_MIN_RETENTION_DAYS[cls];
      problems.check(
        args.environment === "prod" && days < floor,
        "LOG_PROD_RETENTION_FLOOR",
        `retentionDays.${cls}`,
        `prod keeps ${cls} logs ${days} days, below the class floor of ${floor} (LOG-2, LOG-3)`,
        `set retentionDays.${cls} to ${floor} or more.`,
      );
    }
    problems.throwIfAny("LogClasses", name); // before super: bad input registers nothing
    super("hardened:logs:LogClasses", name, {}, opts);
    this.retentionDays = retention;
    this.env = args.environment;
    this.appName = args.appName;
    this.resourceName = name;

    if (args.kmsKeyArn) {
      this.kmsKeyArn = pulumi.output(args.kmsKeyArn);
    } else {
      // CloudWatch Logs of this account and region only may use the key, for log groups of this account.
      this.kmsKeyArn = customerManagedKey(
        `${name}-key`,
        {
          environment: args.environment,
          description: `CloudWatch Logs encryption for ${args.appName} ${args.environment}`,
          alias: `${args.appName}-${args.environment}-logs`,
          tags: baseTags(args.environment, "logs"),
          ctx: awsContext(this),
          statements: (account, partition, region) => [
            {
              Sid: "CloudWatchLogsThisAccountAndRegion",
              Effect: "Allow",
              Principal: { Service: `logs.${region}.amazonaws.com` },
              Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
              Resource: "*",
              Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:*` } },
            },
          ],
        },
        { parent: this },
      );
    }
    this.registerOutputs({ kmsKeyArn: this.kmsKeyArn });
  }

  /** The full group name for a class and purpose: `/<appName>/<env>/<purpose>`. Known up front. */
  groupName(purpose: string): string {
    return `/${this.appName}/${this.env}/${purpose}`;
  }

  /**
   * Creates an encrypted log group of a class. `parent` is the component that uses it; the name is fixed
   * (not generated) so policies and container definitions see it in preview.
   */
  group(resourceName: string, purpose: string, cls: LogClass, opts: { parent: pulumi.Resource; retainOnDelete?: boolean; name?: string }): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
      resourceName,
      {
        name: opts.name ?? this.groupName(purpose),
        retentionInDays: this.retentionDays[cls],
        kmsKeyId: this.kmsKeyArn,
        tags: baseTags(this.env, "logs", { "log-class": cls }),
      },
      KEPT_CLASSES.includes(cls) ? statefulOptions(this.env, { parent: opts.parent, retainOnDelete: opts.retainOnDelete }) : { parent: opts.parent, retainOnDelete: opts.retainOnDelete },
    );
  }

  /**
   * The stack's standard groups (LOG-2, LOG-3): `/<app>/<env>/security` (security class),
   * `…/security-critical` (a year) and `…/audit` (7 years, kept on delete in prod). Created once, on first call.
   */
  standardGroups(): StandardLogGroups {
    if (!this.standard) {
      const make = (purpose: keyof typeof STANDARD_GROUPS) => this.group(`${this.resourceName}-${purpose}`, purpose, STANDARD_GROUPS[purpose], { parent: this });
      this.standard = { security: make("security"), securityCritical: make("security-critical"), audit: make("audit") };
    }
    return this.standard;
  }
}

/** The standard groups of a stack, by purpose. */
export interface StandardLogGroups {
  readonly security: aws.cloudwatch.LogGroup;
  readonly securityCritical: aws.cloudwatch.LogGroup;
  readonly audit: aws.cloudwatch.LogGroup;
}
