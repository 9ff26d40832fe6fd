/** IPv4/IPv6 CIDR helpers shared by config validation and component validation. */
import type { Rule } from "./shape";

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
  return addr
    .split(".")
    .map(Number)
    .reduce((acc, o) => acc * 256 + o, 0);
}

/** True when an IPv4 CIDR lies inside RFC 1918 or RFC 6598 space. */
export function isPrivateIpv4Cidr(text: string): boolean {
  const c = parseCidr(text);
  if (!c || c.family !== 4 || c.base === undefined) return false;
  return PRIVATE_V4.some(([net, bits]) => c.prefix >= bits && Math.floor(c.base! / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
}

/** True for an IPv6 CIDR inside unique local space fc00::/7 (the IPv6 counterpart of RFC 1918). */
export function isUniqueLocalIpv6Cidr(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && c.family === 6 && c.prefix >= 7 && /^f[cd]/i.test(text.split(":")[0].padStart(4, "0"));
}

/** `a.b.c.d/n` with the host bits cleared (IPv4); undefined for IPv6 or text that is not a CIDR. */
export function networkOf(text: string): string | undefined {
  const c = parseCidr(text);
  if (!c || c.family !== 4 || c.base === undefined) return undefined;
  const base = Math.floor(c.base / 2 ** (32 - c.prefix)) * 2 ** (32 - c.prefix);
  return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${c.prefix}`;
}

/**
 * A CIDR argument: well-formed, without host bits (`10.0.0.5/16` is a typo AWS would silently widen or refuse);
 * `world: false` refuses `/0`, `private: true` also refuses any public IPv4 range and IPv6.
 */
export const cidrRule =
  (code: string, opts: { readonly world?: boolean; readonly private?: boolean; readonly worldCode?: string; readonly publicCode?: string } = {}): Rule<string> =>
  (v) => {
    const c = parseCidr(v);
    if (!c) return { code, problem: `"${v}" is not a CIDR block`, fix: "write it as a.b.c.d/n, e.g. 10.8.0.0/16." };
    const net = networkOf(v);
    if (net !== undefined && net !== v) return { code, problem: `"${v}" has host bits set; the block it means is ${net}`, fix: `write "${net}".` };
    if (opts.world === false && c.prefix === 0) return { code: opts.worldCode ?? `${code}_WORLD`, problem: `"${v}" admits every address`, fix: "list only the networks that need access." };
    if (opts.private && !isPrivateIpv4Cidr(v) && !isUniqueLocalIpv6Cidr(v))
      return { code: opts.publicCode ?? `${code}_PUBLIC`, problem: `"${v}" is not a private IPv4 range`, fix: "use a range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10." };
    return undefined;
  };
