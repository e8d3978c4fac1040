import type { Harness } from "./harness";

/**
 * The real Next.js route handlers of the webhooks, wired to a harness: the web side reads its
 * configuration from process.env (as in production), so point it at the harness's database, Redis
 * prefix and data folder before the routes are first imported.
 */
export async function loadWebhookRoutes(h: Harness, extraEnv: Record<string, string> = {}) {
  Object.assign(process.env, {
    DATABASE_URL: h.env.DATABASE_URL,
    REDIS_PREFIX: h.env.REDIS_PREFIX,
    SLIPWAY_DATA_DIR: h.env.SLIPWAY_DATA_DIR,
    RUNTIME_PUBLIC_URL: h.worker.runtimeUrl ?? "http://localhost:4000",
    ...extraEnv,
  });
  const github = await import("../../app/api/webhooks/github/route");
  const git = await import("../../app/api/webhooks/git/route");
  return { github: github.POST, git: git.POST };
}

/** Sets the repository's webhook secret (encrypted, as the settings page would) and its GitHub name. */
export async function connectWebhooks(h: Harness, secret: string, githubRepo: string | null = null) {
  const { createCipher } = await import("../../server/domain/secrets/cipher");
  const cipher = createCipher(h.env.SLIPWAY_ENCRYPTION_KEY);
  const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId } });
  await h.db.repository.update({ where: { id: app.repositoryId }, data: { webhookSecretCipher: cipher.encrypt(secret), githubRepo } });
}
