import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../shared/errors";
import { appNameRule } from "../shared/names";
import { baseTags, Environment } from "../shared/naming";
import { checkArgs, environment, opt, req, Shape, str } from "../shared/shape";

/** Arguments for {@link ServiceCluster}. */
export interface ServiceClusterArgs {
  /** Environment; part of the cluster name. @checked at construction */
  readonly environment: Environment;
  /** Application name; first segment of the cluster name. @checked at construction */
  readonly appName: string;
  /** Cluster name. @default "<appName>-<env>" @checked at construction */
  readonly clusterName?: string;
}

/** Runtime shape of {@link ServiceClusterArgs}. */
export const SHAPE: Shape<ServiceClusterArgs> = { environment, appName: req(str(appNameRule())), clusterName: opt(str()) };

const CLUSTER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,254}$/;

/**
 * One ECS cluster with Container Insights (LOG-1, FSBP ECS.12), shared by the services and one-off tasks of
 * one application (API, worker, stream ingest, migrations): pass it as `cluster` to each.
 */
export class ServiceCluster extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: ServiceClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    args = checkArgs("ServiceCluster", "SVC", name, args, SHAPE);
    const clusterName = args.clusterName ?? `${args.appName}-${args.environment}`;
    const p = new Problems();
    p.check(!CLUSTER_NAME.test(clusterName), "SVC_CLUSTER", "clusterName", `"${clusterName}" is not an ECS cluster name`, "use up to 255 letters, digits, '-' and '_', starting with a letter.");
    p.throwIfAny("ServiceCluster", name); // before super: bad input registers nothing
    super("hardened:service:ServiceCluster", name, {}, opts);
    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        name: clusterName,
        settings: [{ name: "containerInsights", value: "enhanced" }],
        tags: baseTags(args.environment, "service", { cluster: clusterName }),
      },
      { parent: this },
    );
    this.arn = cluster.arn;
    this.name = cluster.name;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}
