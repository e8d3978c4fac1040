import { z } from "zod";
import type { PushPayload } from "../../jobs/push";
import { claimDelivery, releaseDelivery } from "./claim-delivery";
import { findRepositoryForGitHub } from "./find-repository";
import { deletePayload, pullRequestPayload, pushPayload, repositoryOnly } from "./github-payloads";
import { parseJson, readLimitedBody, WebhookRejection } from "./read-body";
import { verifySignature } from "./verify-signature";
import { reply, type WebhookDeps, type WebhookResult } from "./webhook-deps";

const PREVIEW_ACTIONS = new Set(["opened", "synchronize", "reopened", "edited"]);

/**
 * A GitHub webhook delivery: size limit, the repository it names, its signature (that repository's
 * secret), a delivery id seen once, then push / pull_request / delete enqueued as a `push` job
 * (202 `{ queued, job }`). No git here: GitHub gives a delivery ten seconds and a first clone takes
 * longer; the worker fetches, diffs and queues builds. Anything that fails a check changes nothing.
 */
export async function handleGitHubWebhook(deps: WebhookDeps, req: Request): Promise<WebhookResult> {
  try {
    const raw = await readLimitedBody(req);
    const event = req.headers.get("x-github-event");
    const delivery = req.headers.get("x-github-delivery");
    if (!event || !delivery || !/^[\w-]{1,100}$/.test(delivery))
      return reply(400, { error: "X-GitHub-Event and X-GitHub-Delivery (a GUID) are required." });
    const json = parseJson(raw);
    const named = repositoryOnly.safeParse(json);
    if (!named.success) return reply(400, { error: "The payload names no repository." });
    const repository = await findRepositoryForGitHub(deps.db, named.data.repository);
    if (!repository?.app) return reply(404, { error: "No Slipway app is connected to this repository." });
    // The repository's own secret, or the org's GitHub App webhook secret (an App signs every repository's deliveries with one).
    const app = await deps.db.gitHubApp.findUnique({ where: { orgId: repository.app.orgId }, select: { webhookSecretCipher: true } });
    const secrets = [repository.webhookSecretCipher, app?.webhookSecretCipher]
      .filter((c): c is string => !!c)
      .map((c) => deps.cipher.decrypt(c));
    if (secrets.length === 0) return reply(403, { error: "This repository has no webhook secret in Slipway." });
    if (!secrets.some((secret) => verifySignature(secret, raw, req.headers.get("x-hub-signature-256"))))
      return reply(401, { error: "Bad signature." });
    if (event === "ping") return reply(200, { ok: true, pong: true });

    const parsed = parseEvent(event, json);
    if (parsed === "ignored") return reply(202, { ignored: `event ${event}` });
    if (!parsed.success)
      return reply(400, {
        error: `Malformed ${event} payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
      });
    if (!(await claimDelivery(deps.redis, deps.env.REDIS_PREFIX, "github", delivery))) return reply(200, { ignored: "duplicate delivery" });
    const change = toChange(repository.app.id, event, parsed.data);
    if ("ignored" in change) return reply(202, { ignored: change.ignored });
    try {
      const job = await deps.jobs.enqueue("push", { source: "github", delivery, change });
      return reply(202, { queued: true, job });
    } catch (e) {
      // Let GitHub's redelivery try again.
      await releaseDelivery(deps.redis, deps.env.REDIS_PREFIX, "github", delivery);
      throw e;
    }
  } catch (e) {
    if (e instanceof WebhookRejection) return reply(e.status, { error: e.message });
    throw e;
  }
}

function parseEvent(event: string, json: unknown) {
  if (event === "push") return pushPayload.safeParse(json);
  if (event === "pull_request") return pullRequestPayload.safeParse(json);
  if (event === "delete") return deletePayload.safeParse(json);
  return "ignored" as const;
}

type Push = z.infer<typeof pushPayload>;
type PullRequest = z.infer<typeof pullRequestPayload>;
type Delete = z.infer<typeof deletePayload>;

/** The delivery as the push job's payload, or why it starts nothing. */
function toChange(appId: string, event: string, payload: unknown): PushPayload | { ignored: string } {
  if (event === "push") {
    const p = payload as Push;
    if (!p.ref.startsWith("refs/heads/")) return { ignored: "not a branch" };
    const branch = p.ref.slice("refs/heads/".length);
    if (p.deleted || /^0{40}$/.test(p.after)) return { event: "delete", appId, branch };
    return { event: "push", appId, branch, after: p.after };
  }
  if (event === "delete") {
    const p = payload as Delete;
    if (p.ref_type !== "branch") return { ignored: "not a branch" };
    return { event: "delete", appId, branch: p.ref };
  }
  const p = payload as PullRequest;
  const { head, base } = p.pull_request;
  // A fork's branch is not in this repository (its name may even be "master"): its preview is named
  // after the pull request, its commit comes from refs/pull/N/head, and its builds wait for an
  // admin's approval before its code sees the profile's secrets or cloud access.
  const fromFork = head.repo?.full_name.toLowerCase() !== base.repo.full_name.toLowerCase();
  const closing = p.action === "closed";
  if (!closing && !PREVIEW_ACTIONS.has(p.action)) return { ignored: `action ${p.action}` };
  return {
    event: "pull_request",
    appId,
    number: p.number,
    closing,
    branch: fromFork ? `pr-${p.number}` : head.ref,
    headSha: head.sha,
    baseRef: base.ref,
    fromFork,
  };
}
