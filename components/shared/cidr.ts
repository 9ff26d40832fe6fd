/** IPv4/IPv6 CIDR helpers shared by config validation and component validation. */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6 = /^[0-9a-fA-F:]+\/(\d{1,3})$/;

export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly prefix: number;
  /** Network address as a 32-bit unsigned integer (IPv4 only). */
  readonly base?: number;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; returns undefined when the text is not a CIDR. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const v4 = IPV4.exec(text);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    const prefix = Number(v4[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    return { family: 4, prefix, base };
  }
  const v6 = IPV6.exec(text);
  if (v6 && text.includes(":")) {
    const prefix = Number(v6[1]);
    return prefix <= 128 ? { family: 6, prefix } : undefined;
  }
  return undefined;
}

/** True for a CIDR that admits every address of its family (0.0.0.0/0, ::/0). */
export function isWorldCidr(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && c.prefix === 0;
}

const PRIVATE_V4: readonly [number, number][] = [
  [ip4("10.0.0.0"), 8],
  [ip4("172.16.0.0"), 12],
  [ip4("192.168.0.0"), 16],
  [ip4("100.64.0.0"), 10],
];

function ip4(addr: string): number {
  return addr.split(".").map(Number).reduce((acc, o) => acc * 256 + o, 0);
}

/** True when an IPv4 CIDR lies inside RFC 1918 or RFC 6598 space. */
export function isPrivateIpv4Cidr(text: string): boolean {
  const c = parseCidr(text);
  if (!c || c.family !== 4 || c.base === undefined) return false;
  return PRIVATE_V4.some(([net, bits]) => c.prefix >= bits && Math.floor(c.base! / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
}
