import { isIP } from "node:net";

/**
 * The address a sign-in comes from, as the throttle counts it: the TCP peer, unless that peer is a
 * reverse proxy Slipway was told to trust (SLIPWAY_TRUSTED_PROXIES); then X-Forwarded-For is read
 * from the right, skipping trusted hops, and the first untrusted address is the client. A client
 * cannot choose its own address by sending X-Forwarded-For: an untrusted peer's is ignored.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: ReadonlySet<string>,
): string | null {
  let ip = normalize(peer);
  if (!ip || !trusted.has(ip)) return ip;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]);
    if (!hop) return ip; // garbage in the chain: stop at the last address we could read
    ip = hop;
    if (!trusted.has(ip)) return ip;
  }
  return ip;
}

export function parseTrustedProxies(setting: string): Set<string> {
  return new Set(
    setting
      .split(",")
      .map((s) => normalize(s.trim()))
      .filter((s): s is string => s !== null),
  );
}

function normalize(address: string | undefined): string | null {
  if (!address) return null;
  const a = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return isIP(a) ? a.toLowerCase() : null;
}
