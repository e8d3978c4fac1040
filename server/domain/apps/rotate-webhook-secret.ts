import { randomBytes } from "node:crypto";
import type { AppDeps } from "../../deps";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { findApp } from "./find-app";

const GITHUB_REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

/**
 * Gives an app's repository a new webhook secret (and, optionally, its GitHub `owner/name`). The
 * secret is returned this once, to paste into GitHub or the post-receive hook's config; Slipway
 * keeps it encrypted and never shows it again. The old secret stops working at once.
 */
export async function rotateWebhookSecret(
  /** `github` refuses a repository the org's GitHub credential cannot see (an org uses only what its installation sees); the URLs are under NEXTAUTH_URL. */
  deps: Pick<AppDeps, "db" | "cipher" | "env" | "github">,
  input: { orgId: string; actorId: string; appSlug: string; githubRepo?: string | null },
) {
  const { db, cipher } = deps;
  const { orgId, actorId, appSlug, githubRepo } = input;
  if (githubRepo && !GITHUB_REPO.test(githubRepo))
    throw new DomainError("BAD_INPUT", "A GitHub repository looks like owner/name.", "githubRepo");
  const app = await findApp(db, orgId, appSlug);
  const taken = githubRepo
    ? await db.repository.findFirst({ where: { githubRepo: { equals: githubRepo, mode: "insensitive" }, id: { not: app.repositoryId } } })
    : null;
  if (taken) throw new DomainError("CONFLICT", `${githubRepo} is already connected to another app.`, "githubRepo");
  if (githubRepo) await deps.github.assertVisible(orgId, githubRepo);
  const secret = randomBytes(32).toString("hex");
  await db.repository.update({
    where: { id: app.repositoryId },
    data: { webhookSecretCipher: cipher.encrypt(secret), ...(githubRepo !== undefined ? { githubRepo } : {}) },
  });
  await recordAudit(db, { orgId, actorId, action: "app.webhook-secret", target: app.slug, after: { githubRepo: githubRepo ?? null } });
  const base = deps.env.NEXTAUTH_URL.replace(/\/+$/, "");
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId } });
  return {
    secret,
    githubWebhookUrl: `${base}/api/webhooks/github`,
    gitWebhookUrl: `${base}/api/webhooks/git?app=${encodeURIComponent(org.slug)}/${encodeURIComponent(app.slug)}`,
  };
}
