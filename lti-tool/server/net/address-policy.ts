import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses outbound requests may reach. Platforms are on the public internet; a registration or a stored
 * JWKS URL that points at loopback, a private network or a cloud metadata address is a server-side request forgery
 * attempt unless an operator allowed it (local testing, an on-premises Moodle).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return !blocked.check(mapped[1], 'ipv4');
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

/** Operator-configured exceptions: exact host names or IPs (e.g. `127.0.0.1`, `moodle.school.local`). */
export interface EgressPolicy {
  allowedPrivateHosts: ReadonlySet<string>;
  /** Plain http is only for local testing; production platforms use https. */
  allowHttp: boolean;
}

export const STRICT_EGRESS: EgressPolicy = { allowedPrivateHosts: new Set(), allowHttp: false };
