import { isPrivateIpv4Cidr, parseCidr } from "../shared/cidr";
import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { cidrRule } from "../shared/cidr";
import { bool, checkArgs, environment, list, logClasses, num, oneOf, opt, req, Shape, str } from "../shared/shape";
import { matches } from "../shared/names";
import { NetworkArgs } from "./args";
import { DEFAULT_AZ_COUNT, DEFAULT_FLOW_LOG_TRAFFIC, DEFAULT_INTERFACE_ENDPOINTS, DEFAULT_VPC_CIDR, natGatewayPerAzDefault } from "./defaults";

export type ResolvedNetworkArgs = Required<Omit<NetworkArgs, "interfaceEndpoints">> & { readonly interfaceEndpoints: readonly string[] };

/** Runtime shape of {@link NetworkArgs}. */
export const SHAPE: Shape<NetworkArgs> = {
  environment,
  logs: req(logClasses),
  cidrBlock: opt(str(cidrRule("VPC_CIDR", { private: true, publicCode: "VPC_CIDR" }))),
  azCount: opt(num()),
  natGatewayPerAz: opt(bool),
  interfaceEndpoints: opt(list(str(matches(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, "ENDPOINT", "a service name after com.amazonaws.<region>.", '"secretsmanager" or "ecr.api"')), { unique: true })),
  flowLogTrafficType: opt(oneOf(["ALL", "REJECT", "ACCEPT"])),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: NetworkArgs): NetworkArgs => checkArgs("Network", "NET", name, args, SHAPE);

export function withDefaults(args: NetworkArgs): ResolvedNetworkArgs {
  return {
    ...args,
    cidrBlock: args.cidrBlock ?? DEFAULT_VPC_CIDR,
    azCount: args.azCount ?? DEFAULT_AZ_COUNT,
    natGatewayPerAz: args.natGatewayPerAz ?? natGatewayPerAzDefault(args.environment),
    interfaceEndpoints: args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS,
    flowLogTrafficType: args.flowLogTrafficType ?? DEFAULT_FLOW_LOG_TRAFFIC,
  };
}

export function validate(name: string, a: ResolvedNetworkArgs): ResolvedNetworkArgs {
  checkEnvironment("Network", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  const c = parseCidr(a.cidrBlock);
  p.check(
    !c || c.family !== 4 || !isPrivateIpv4Cidr(a.cidrBlock) || c.prefix < 16 || c.prefix > 20,
    "NET_VPC_CIDR",
    "cidrBlock",
    `"${a.cidrBlock}" is not a private IPv4 block of /16 to /20`,
    "use a block from 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. 10.40.0.0/16.",
  );
  p.check(
    !Number.isInteger(a.azCount) || a.azCount < 2 || a.azCount > 3,
    "NET_AZ_COUNT",
    "azCount",
    `${a.azCount} availability zones; every tier needs at least 2 for RDS and ElastiCache subnet groups`,
    "set azCount to 2 or 3.",
  );
  p.check(
    a.environment === "prod" && !a.natGatewayPerAz,
    "NET_PROD_SINGLE_NAT",
    "natGatewayPerAz",
    "prod with a single NAT gateway loses all egress when that AZ fails",
    "leave natGatewayPerAz unset (true in prod).",
  );
  p.throwIfAny("Network", name);
  return a;
}
