import { getEnv } from "../env";
import { crossSiteReason } from "./same-origin";
import { knownError } from "./error-table";
import { apiError } from "./v1/api-route";
import { logger } from "../logger";

const MAX_BODY = 16 * 1024;

/**
 * A route handler for the few pages that work without a session (first-run setup, invitation and
 * password-reset links): same-origin only, a small JSON body, DomainErrors as `{error}` with their status.
 * Their secrets (setup token, link token, password) travel in the body, never in a URL.
 */
export function publicRoute(handler: (body: Record<string, unknown>) => Promise<unknown>) {
  return async (req: Request): Promise<Response> => {
    const reason = crossSiteReason(req, getEnv().NEXTAUTH_URL);
    if (reason) return apiError(403, "FORBIDDEN", `Cross-site request refused (${reason}).`);
    try {
      const text = await req.text();
      if (text.length > MAX_BODY) return apiError(413, "BAD_INPUT", "The request is too large.");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return apiError(400, "BAD_INPUT", "Send a JSON object.");
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) return apiError(400, "BAD_INPUT", "Send a JSON object.");
      return Response.json((await handler(body as Record<string, unknown>)) ?? { ok: true });
    } catch (e) {
      const known = knownError(e);
      if (known) return apiError(known.status, known.code, known.message, known.field);
      // Only the error's name: the body held a password or a token.
      logger().error(`[public route] unexpected ${e instanceof Error ? e.name : "error"}`);
      return apiError(500, "INTERNAL", "Something went wrong on the server.");
    }
  };
}
