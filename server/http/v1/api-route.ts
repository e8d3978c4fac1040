import { can, type Action } from "../../domain/auth/permissions";
import { DomainError } from "../../domain/errors";
import { authenticateToken, type TokenMember } from "../../domain/tokens/authenticate-token";
import { appDeps, type AppDeps } from "../../composition";
import { knownError } from "../error-table";
import { logger } from "../../logger";

export interface ApiContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
  member: TokenMember;
  deps: AppDeps;
}

export function apiError(status: number, code: string, message: string, field?: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

function bearer(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * A /api/v1 route handler: authenticates the bearer token, checks the role against the one
 * permission table (the same `can(role, action)` the tRPC procedures use), runs the handler, and
 * answers JSON — known errors with their status from the one error table (an unreachable database
 * is a 503), anything unexpected as a bare 500.
 */
export function apiRoute(action: Action, handler: (ctx: ApiContext) => Promise<unknown>) {
  return async (req: Request, route?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    try {
      const deps = appDeps();
      const check = await authenticateToken(deps.db, bearer(req));
      if (!check.ok) return apiError(401, "UNAUTHENTICATED", check.reason, undefined, { "www-authenticate": 'Bearer realm="slipway"' });
      const { member } = check;
      if (!can(member.role, action))
        return apiError(403, "FORBIDDEN", `Your role (${member.role.toLowerCase()}) cannot do this (${action}).`);
      const raw = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const result = await handler({ req, url: new URL(req.url), params, member, deps });
      return result instanceof Response ? result : Response.json(result);
    } catch (e) {
      const known = knownError(e);
      if (known) return apiError(known.status, known.code, known.message, known.field);
      logger().error({ err: e }, "[api/v1] unexpected error");
      return apiError(500, "INTERNAL", "Something went wrong on the server.");
    }
  };
}

/** A required query parameter, or a 400. */
export function queryParam(url: URL, name: string): string {
  const v = url.searchParams.get(name);
  if (!v) throw new DomainError("BAD_INPUT", `The query parameter "${name}" is required.`, name);
  return v;
}

/** Unknown paths under /api/v1 answer JSON, not the HTML 404 page. */
export function notFoundRoute(): Response {
  return apiError(404, "NOT_FOUND", "No such endpoint. See the HTTP API section of the README.");
}
