/**
 * CSRF floor for cookie-authenticated mutations: a browser tells where a request comes from
 * (Sec-Fetch-Site, Origin); when it does, the request must come from Slipway's own pages. A
 * client that sends neither (curl, the CLI with a token) is not a browser riding a session cookie.
 */
export function crossSiteReason(req: Request, appUrl: string): string | null {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `Origin: ${origin.slice(0, 100)}`; // includes "null" (sandboxed frames, file://)
  }
  return allowedHosts(req, appUrl).has(host.toLowerCase()) ? null : `Origin: ${origin.slice(0, 100)}`;
}

function allowedHosts(req: Request, appUrl: string): Set<string> {
  const hosts = new Set<string>();
  const add = (h: string | null | undefined) => h && hosts.add(h.split(",")[0]!.trim().toLowerCase());
  add(new URL(appUrl).host);
  add(req.headers.get("x-forwarded-host"));
  add(req.headers.get("host"));
  add(new URL(req.url).host);
  return hosts;
}
