import { createCipher } from "./domain/secrets/cipher";
import type { WebhookDeps } from "./domain/webhooks/webhook-deps";
import { webDeps } from "./web-deps";
import { knownError } from "./http/error-table";
import { logger } from "./logger";

/** The web process's webhook dependencies (composition root for app/api/webhooks/*). */
export function webhookDeps(): WebhookDeps {
  const { env, db, redis, jobs } = webDeps();
  return { db, jobs, redis, prefix: env.REDIS_PREFIX, cipher: createCipher(env.SLIPWAY_ENCRYPTION_KEY) };
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
