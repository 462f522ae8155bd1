/** Hosts where plain http is accepted (a tool running on the teacher's own machine, for trials). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

export interface PairingTarget {
  origin: string;
  code: string;
  /** The host-permission pattern to request (no port: match patterns with ports are not portable). */
  permission: string;
}

function target(originInput: string, code: string): PairingTarget | undefined {
  let url: URL;
  try {
    url = new URL(originInput);
  } catch {
    return undefined;
  }
  const localHttp = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !localHttp) return undefined;
  const cleaned = code.trim().toUpperCase();
  if (!/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/.test(cleaned)) return undefined;
  return { origin: url.origin, code: cleaned, permission: permissionFor(url.origin) };
}

/** The host-permission pattern for an origin (no port: match patterns with ports are not portable). */
export function permissionFor(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** `https://tool.example/ext/pair#K7QF-9M2X`, or an origin and a code typed separately. */
export function parsePairing(link: string, origin = '', code = ''): PairingTarget | undefined {
  const trimmed = link.trim();
  if (trimmed) {
    const hash = trimmed.indexOf('#');
    if (hash === -1) return undefined;
    const base = trimmed.slice(0, hash);
    if (!/\/ext\/pair\/?$/.test(base)) return undefined;
    return target(base, trimmed.slice(hash + 1));
  }
  return target(origin.trim(), code);
}
