import { createHash } from "node:crypto";
import { gitPushPayload } from "./github-payloads";
import { parseJson, readLimitedBody, WebhookRejection } from "./read-body";
import { verifySignature } from "./verify-signature";
import { reply, type WebhookDeps, type WebhookResult } from "./webhook-deps";

const ZERO = /^0{40}$/;

/**
 * Slipway's webhook for any git remote (`scripts/hooks/post-receive`): `?app=<org>/<app>`, a body
 * `{ ref, before, after }` signed with the repository's secret in `X-Slipway-Signature`.
 *
 * Answers 202 `{ queued, job }` with a `push` job; the body is only a hint: the worker reads the
 * branch from the remote itself, so a replayed (validly signed) old body can never deploy an old
 * commit or destroy a branch that exists. The same body twice is one job (its id is the body's hash).
 */
export async function handleGitWebhook(deps: WebhookDeps, req: Request): Promise<WebhookResult> {
  try {
    const raw = await readLimitedBody(req);
    const [orgSlug, appSlug, extra] = (new URL(req.url).searchParams.get("app") ?? "").split("/");
    if (!orgSlug || !appSlug || extra !== undefined) return reply(400, { error: "Name the app: ?app=<org>/<app>." });
    const app = await deps.db.app.findFirst({ where: { slug: appSlug, org: { slug: orgSlug } }, include: { repository: true } });
    if (!app) return reply(404, { error: "No such app." });
    if (!app.repository.webhookSecretCipher) return reply(403, { error: "This app's repository has no webhook secret in Slipway." });
    const secret = deps.cipher.decrypt(app.repository.webhookSecretCipher);
    if (!verifySignature(secret, raw, req.headers.get("x-slipway-signature"))) return reply(401, { error: "Bad signature." });
    const parsed = gitPushPayload.safeParse(parseJson(raw));
    if (!parsed.success)
      return reply(400, { error: `Malformed payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}` });
    const { ref, after } = parsed.data;
    if (!ref.startsWith("refs/heads/")) return reply(202, { ignored: "not a branch" });
    const branch = ref.slice("refs/heads/".length);
    const delivery = `${createHash("sha256").update(app.id).update("\0").update(raw).digest("hex").slice(0, 40)}`;
    const change = ZERO.test(after)
      ? ({ event: "delete", appId: app.id, branch } as const)
      : ({ event: "push", appId: app.id, branch, after } as const);
    const job = await deps.jobs.enqueue("push", { source: "git", delivery, change });
    return reply(202, { queued: true, job });
  } catch (e) {
    if (e instanceof WebhookRejection) return reply(e.status, { error: e.message });
    throw e;
  }
}
