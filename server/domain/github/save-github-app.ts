import { createPrivateKey } from "node:crypto";
import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { getAuthenticatedApp } from "./github-app-auth";

export interface GitHubAppInput {
  appId: string;
  /** Omitted: keep the stored key (changing only the app id or the webhook secret). */
  privateKey?: string | null;
  /** Omitted: keep; empty string: remove. */
  webhookSecret?: string | null;
}

/**
 * Stores the org's GitHub App after GitHub itself accepted a JWT signed with its key (GET /app),
 * so a typo in the app id or a wrong key is refused here, not at the first build. The key and the
 * webhook secret are encrypted at rest and never returned.
 */
export async function saveGitHubApp(
  deps: { db: Db; cipher: Cipher; apiUrl: string },
  orgId: string,
  actorId: string,
  input: GitHubAppInput,
) {
  const { db, cipher } = deps;
  if (!/^\d{1,20}$/.test(input.appId))
    throw new DomainError("BAD_INPUT", "A GitHub App id is a number (App settings → About → App ID).", "appId");
  const existing = await db.gitHubApp.findUnique({ where: { orgId } });
  const privateKey = input.privateKey?.trim() ? input.privateKey.trim() : existing ? cipher.decrypt(existing.privateKeyCipher) : null;
  if (!privateKey) throw new DomainError("BAD_INPUT", "Paste the app's private key (a .pem file GitHub generated).", "privateKey");
  try {
    createPrivateKey(privateKey);
  } catch {
    throw new DomainError("BAD_INPUT", "The private key is not a PEM private key.", "privateKey");
  }
  const app = await getAuthenticatedApp(deps.apiUrl, { appId: input.appId, privateKey });
  const webhookSecretCipher =
    input.webhookSecret === undefined || input.webhookSecret === null
      ? (existing?.webhookSecretCipher ?? null)
      : input.webhookSecret
        ? cipher.encrypt(input.webhookSecret)
        : null;
  const data = { appId: input.appId, privateKeyCipher: cipher.encrypt(privateKey), webhookSecretCipher };
  await db.$transaction(async (tx) => {
    await tx.gitHubApp.upsert({ where: { orgId }, create: { orgId, ...data }, update: data });
    // Installations belong to an app: another app's cached installation ids mean nothing.
    if (existing && existing.appId !== input.appId)
      await tx.repository.updateMany({ where: { app: { orgId } }, data: { githubInstallationId: null } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "github-app.save",
      target: `app ${input.appId}`,
      before: existing ? { appId: existing.appId } : undefined,
      after: { appId: input.appId, slug: app.slug, privateKey: "[set]", webhookSecret: webhookSecretCipher ? "[set]" : null },
    });
  });
  return { appId: input.appId, slug: app.slug, name: app.name };
}
