import { Job } from "bullmq";
import type { Harness } from "./harness";
import { createJobQueues } from "../../server/jobs/catalog";

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
  const jobs = createJobQueues(h.redis, h.env.REDIS_PREFIX);
  const settled = (post: (req: Request) => Promise<Response>) => (req: Request) => awaitPushJob(jobs.queueOf("push"), post, req);
  // `github`/`git` answer once the push job the request queued has ended, its outcome (the builds it
  // queued, or why it ignored the delivery) merged into the body; `raw` is the route as GitHub sees it.
  return { github: settled(github.POST), git: settled(git.POST), raw: { github: github.POST, git: git.POST } };
}

/** The route's answer; when it queued a push job, that job's outcome too (what the request itself answered before). */
async function awaitPushJob(
  queue: ReturnType<ReturnType<typeof createJobQueues>["queueOf"]>,
  post: (req: Request) => Promise<Response>,
  req: Request,
) {
  const res = await post(req);
  const body = (await res.json()) as Record<string, unknown>;
  if (!body.queued || typeof body.job !== "string") return Response.json(body, { status: res.status });
  const deadline = Date.now() + 120_000;
  for (;;) {
    // State first, then the job: read the other way round, a job that ends in between looks completed without its result.
    const state = await queue.getJobState(body.job);
    const job = state === "completed" || state === "failed" ? await Job.fromId(queue, body.job) : null;
    if (job && state === "completed") return Response.json({ ...body, ...(job.returnvalue as object) }, { status: res.status });
    if (job && state === "failed" && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      return Response.json({ ...body, error: `push job failed: ${job.failedReason}` }, { status: 500 });
    }
    if (Date.now() > deadline) throw new Error(`push job ${body.job} did not end (state ${state})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sets the repository's webhook secret (encrypted, as the settings page would) and its GitHub name. */
export async function connectWebhooks(h: Harness, secret: string, githubRepo: string | null = null) {
  const { createCipher } = await import("../../server/domain/secrets/cipher");
  const cipher = createCipher(h.env.SLIPWAY_ENCRYPTION_KEY);
  const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId } });
  await h.db.repository.update({ where: { id: app.repositoryId }, data: { webhookSecretCipher: cipher.encrypt(secret), githubRepo } });
}
