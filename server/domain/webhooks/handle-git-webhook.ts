import { lsRemoteBranches } from "../git/git";
import { repositoryRemote } from "../repositories/repository-remote";
import { handleBranchDeleted, handleBranchPush } from "../triggers/handle-branch";
import { gitPushPayload } from "./github-payloads";
import { parseJson, readLimitedBody, WebhookRejection } from "./read-body";
import { verifySignature } from "./verify-signature";
import { reply, type WebhookDeps, type WebhookResult } from "./webhook-deps";

const ZERO = /^0{40}$/;

/**
 * Slipway's webhook for any git remote (`scripts/hooks/post-receive`): `?app=<org>/<app>`, a body
 * `{ ref, before, after }` signed with the repository's secret in `X-Slipway-Signature`.
 *
 * The body is only a hint: the branch is then read from the remote itself, so a replayed (validly
 * signed) old body can never deploy an old commit or destroy a branch that exists.
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
    if (!parsed.success) return reply(400, { error: `Malformed payload: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}` });
    const { ref, after } = parsed.data;
    if (!ref.startsWith("refs/heads/")) return reply(202, { ignored: "not a branch" });
    const branch = ref.slice("refs/heads/".length);
    const heads = await lsRemoteBranches(await repositoryRemote(deps.db, deps.cipher, app.repository));
    const head = heads[branch];
    if (ZERO.test(after)) {
      if (head) return reply(202, { ignored: `branch ${branch} still exists` });
      return built(await handleBranchDeleted(deps, app.id, branch));
    }
    if (!head) return reply(202, { ignored: `branch ${branch} does not exist` });
    return built(await handleBranchPush(deps, app.id, branch, head));
  } catch (e) {
    if (e instanceof WebhookRejection) return reply(e.status, { error: e.message });
    throw e;
  }
}

const built = (builds: { id: string; number: number }[]) => reply(202, { builds: builds.map((b) => ({ id: b.id, number: b.number })) });
