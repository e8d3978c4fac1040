/**
 * The dashboard's cookies are next-auth's (session, CSRF token, callback URL, and the state, PKCE
 * and nonce cookies of OAuth flows), with or without the `__Secure-`/`__Host-` prefixes and split
 * into `.0`, `.1` chunks when large; the dashboard sets no others. Instances have origins of their
 * own, so a browser does not send these to them, but a runtime that shares a parent domain with
 * the dashboard (SLIPWAY_ALLOW_SHARED_HOST) might get them: they never reach a handler.
 */
const DASHBOARD_COOKIE = /^(?:__Secure-|__Host-)?next-auth\./;

export const isDashboardCookie = (name: string) => DASHBOARD_COOKIE.test(name.trim());

/** The Cookie header without the pairs `drop` names ("" when none is left). */
export function withoutCookies(header: string, drop: (name: string) => boolean): string {
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair && !drop(pair.slice(0, Math.max(0, pair.indexOf("=")) || pair.length)))
    .join("; ");
}

/** True when a cookie set with `Domain=domain` would be sent to `host` (RFC 6265 domain-match). */
function domainCovers(domain: string, host: string): boolean {
  const d = domain.trim().replace(/^\./, "").toLowerCase();
  const h = host.toLowerCase();
  return d !== "" && (h === d || h.endsWith(`.${d}`));
}

/**
 * Drops every Set-Cookie of a handler's response whose Domain attribute covers the dashboard's
 * host: a handler cannot plant a cookie the dashboard would then read. Host-only cookies stay on
 * the instance's own origin and are kept.
 */
export function dropDashboardSetCookies(headers: Record<string, string | string[]>, dashboardHost: string): void {
  const raw = headers["set-cookie"];
  if (raw === undefined) return;
  const kept = (Array.isArray(raw) ? raw : [raw]).filter((c) => {
    const domain = /;\s*domain\s*=\s*([^;]*)/i.exec(c)?.[1];
    return domain === undefined || !domainCovers(domain, dashboardHost);
  });
  if (kept.length) headers["set-cookie"] = kept;
  else delete headers["set-cookie"];
}
