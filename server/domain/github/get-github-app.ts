import type { Db } from "../../db";

/** What the settings page may show of the org's GitHub App: never the key or the webhook secret. */
export async function getGitHubApp(db: Db, orgId: string, personalTokenConfigured: boolean, baseUrl: string) {
  const app = await db.gitHubApp.findUnique({ where: { orgId } });
  return {
    app: app ? { appId: app.appId, hasWebhookSecret: !!app.webhookSecretCipher, updatedAt: app.updatedAt } : null,
    /** A server-wide GITHUB_TOKEN speaks for orgs without an app (a single-team install). */
    personalToken: personalTokenConfigured,
    webhookUrl: `${baseUrl.replace(/\/+$/, "")}/api/webhooks/github`,
  };
}
