import type { WebhookDeps } from "./domain/webhooks/webhook-deps";
import { appDeps } from "./composition";
import { knownError } from "./http/error-table";
import { logger } from "./logger";

/** The web process's webhook dependencies (composition root for app/api/webhooks/*). */
export function webhookDeps(): WebhookDeps {
  return appDeps();
}

/** A domain result as an HTTP response; known errors per the one error table (database down: 503), anything else a 500 without internals. */
export async function respond(run: () => Promise<{ status: number; body: Record<string, unknown> }>): Promise<Response> {
  try {
    const { status, body } = await run();
    return Response.json(body, { status });
  } catch (e) {
    const known = knownError(e);
    if (known) return Response.json({ error: known.message }, { status: known.status });
    logger().error({ err: e }, "[webhooks] unexpected error");
    return Response.json({ error: "The webhook could not be processed; it can be redelivered." }, { status: 500 });
  }
}
