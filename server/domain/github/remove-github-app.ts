import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";

/** Forgets the org's GitHub App; its repositories' cached installations go with it. */
export async function removeGitHubApp(db: Db, orgId: string, actorId: string) {
  const existing = await db.gitHubApp.findUnique({ where: { orgId } });
  if (!existing) throw new DomainError("NOT_FOUND", "This organization has no GitHub App.");
  await db.$transaction(async (tx) => {
    await tx.gitHubApp.delete({ where: { orgId } });
    await tx.repository.updateMany({ where: { app: { orgId } }, data: { githubInstallationId: null } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "github-app.remove",
      target: `app ${existing.appId}`,
      before: { appId: existing.appId },
    });
  });
  return { removed: true };
}
