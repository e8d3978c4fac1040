import type { Cors, HttpRoute, RuntimeConfig } from "../../server/domain/deployments/runtime-config";

export interface RouteMatch {
  fn: string;
  route: HttpRoute;
  pathParameters: Record<string, string>;
}

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const DEFAULT_CORS_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent";

const segments = (p: string) => p.split("/").filter(Boolean);

/** Path parameters when `routePath` matches `path` (`{id}` one segment, `{proxy+}` one or more), else null. */
function matchPath(routePath: string, path: string): Record<string, string> | null {
  if (routePath === "*") return {};
  const want = segments(routePath);
  const got = segments(path).map(safeDecode);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const greedy = /^\{(.+)\+\}$/.exec(want[i]);
    if (greedy) {
      if (i !== want.length - 1 || got.length <= i) return null;
      params[greedy[1]] = got.slice(i).join("/");
      return params;
    }
    if (got[i] === undefined) return null;
    const param = /^\{(.+)\}$/.exec(want[i]);
    if (param) params[param[1]] = got[i];
    else if (want[i] !== got[i]) return null;
  }
  return got.length === want.length ? params : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Like API Gateway: static segments beat `{param}`, which beats `{proxy+}` and `*`; a named method beats ANY. */
function specificity(r: HttpRoute): number[] {
  const segs = segments(r.path);
  const greedy = r.path === "*" || segs.some((s) => s.endsWith("+}"));
  return [greedy ? 0 : 1, segs.filter((s) => !s.startsWith("{")).length, segs.length, r.method === "ANY" ? 0 : 1];
}

function byPath(config: RuntimeConfig, path: string): RouteMatch[] {
  const found: RouteMatch[] = [];
  for (const [fn, def] of Object.entries(config.functions)) {
    for (const route of def.http) {
      const pathParameters = matchPath(route.path, path);
      if (pathParameters) found.push({ fn, route, pathParameters });
    }
  }
  const cmp = (a: number[], b: number[]) => a.map((v, i) => b[i] - v).find((d) => d !== 0) ?? 0;
  return found.sort((a, b) => cmp(specificity(a.route), specificity(b.route)));
}

export function matchRoute(config: RuntimeConfig, method: string, path: string): RouteMatch | null {
  const m = method.toUpperCase();
  return (
    byPath(config, path).find((r) => r.route.method === m || r.route.method === "ANY" || (m === "HEAD" && r.route.method === "GET")) ?? null
  );
}

/** "GET /submit", for a 404 that tells the caller what does exist; sorted, as jsonb does not keep key order. */
export function describeRoutes(config: RuntimeConfig): string[] {
  const routes = Object.values(config.functions).flatMap((f) => f.http);
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)).map((r) => `${r.method} ${r.path}`);
}

/** The answer to a CORS preflight at `path`, or null when no route there declares cors. */
export function preflight(config: RuntimeConfig, path: string, origin: string | undefined): Record<string, string> | null {
  const withCors = byPath(config, path).filter((r) => r.route.cors);
  if (withCors.length === 0) return null;
  const methods = new Set(withCors.flatMap((r) => (r.route.method === "ANY" ? ALL_METHODS : [r.route.method, "OPTIONS"])));
  const cors = withCors[0].route.cors;
  const allowOrigin = corsOrigin(cors, origin);
  return {
    ...(allowOrigin && { "access-control-allow-origin": allowOrigin }),
    "access-control-allow-methods": [...methods].join(","),
    "access-control-allow-headers": (typeof cors === "object" && cors.headers?.join(",")) || DEFAULT_CORS_HEADERS,
    "access-control-max-age": "600",
  };
}

/** The Access-Control-Allow-Origin a route with `cors` grants `origin`; undefined when it grants none. */
export function corsOrigin(cors: Cors, origin: string | undefined): string | undefined {
  if (!cors) return undefined;
  if (cors === true || !cors.origins || cors.origins.includes("*")) return "*";
  return origin && cors.origins.includes(origin) ? origin : undefined;
}
