import { Environment } from "../shared/naming";
import type { LogClasses } from "../logs";

/** Arguments for {@link Network}. */
export interface NetworkArgs {
  /** Environment; tags and prod defaults (one NAT gateway per AZ). @checked at construction */
  readonly environment: Environment;
  /** Log classes that supply the encrypted flow-log group (class `network`). @checked at construction */
  readonly logs: LogClasses;
  /** Private IPv4 CIDR of the VPC, /16 to /20. @default "10.40.0.0/16" @checked at construction */
  readonly cidrBlock?: string;
  /** Availability zones to spread each subnet tier over (2 or 3). @default 2 @checked at construction */
  readonly azCount?: number;
  /** One NAT gateway per AZ (true) or one shared (false). @default true in prod, false in staging @checked at construction */
  readonly natGatewayPerAz?: boolean;
  /**
   * Interface endpoints (service names after `com.amazonaws.<region>.`) so tasks reach AWS APIs without
   * the internet. @default secretsmanager, ecr.api, ecr.dkr, logs, kms, sts (plus the S3 gateway endpoint)
   * @checked at construction
   */
  readonly interfaceEndpoints?: readonly string[];
  /** Traffic the flow log records. @default "ALL" @checked at construction */
  readonly flowLogTrafficType?: "ALL" | "REJECT" | "ACCEPT";
}
