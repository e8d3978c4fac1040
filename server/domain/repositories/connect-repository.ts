import { rm } from "node:fs/promises";
import { recordAudit } from "../audit/record-audit";
import { mirrorDir } from "../git/mirror-dir";
import { credentialFor, type RepositoryAuthInput } from "./repository-auth";
import { repositoryView, type RepositoryDeps } from "./repository-deps";
import { parseRepositoryUrl } from "./repository-url";

const ABANDONED_MS = 24 * 3_600_000;

/**
 * The first step of "New app": a repository and its credentials, before any app exists (the admin
 * needs the public key to paste before the connection can work). A URL git could misread, or one
 * carrying credentials, is refused and nothing is stored. Connections an admin abandoned (no app
 * after a day) are cleaned up here.
 */
export async function connectRepository(
  deps: RepositoryDeps,
  orgId: string,
  actorId: string,
  input: { url: string; auth: RepositoryAuthInput },
) {
  const parsed = parseRepositoryUrl(input.url, { allowLocal: deps.env.SLIPWAY_ALLOW_LOCAL_REPOS });
  const credential = credentialFor(
    parsed,
    input.auth,
    deps.cipher,
    `slipway-deploy-key@${parsed.kind === "local" ? "local" : parsed.host}`,
  );
  const abandoned = await deps.db.repository.findMany({
    where: { orgId, app: null, credential: { createdAt: { lt: new Date(Date.now() - ABANDONED_MS) } } },
    select: { id: true },
  });
  if (abandoned.length) {
    await deps.db.repository.deleteMany({ where: { id: { in: abandoned.map((r) => r.id) }, app: null } });
    for (const r of abandoned) await rm(mirrorDir(deps.env.SLIPWAY_DATA_DIR, r.id), { recursive: true, force: true });
  }
  return deps.db.$transaction(async (tx) => {
    const repo = await tx.repository.create({
      data: { url: parsed.url, orgId, credential: { create: credential } },
      include: { credential: true },
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "repository.connect",
      target: `repository ${parsed.url}`,
      after: { url: parsed.url, auth: input.auth.kind },
    });
    return repositoryView(repo, repo.credential);
  });
}
