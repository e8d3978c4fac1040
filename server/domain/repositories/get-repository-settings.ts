import { stat } from "node:fs/promises";
import path from "node:path";
import { findApp } from "../apps/find-app";
import { mirrorDir } from "../git/mirror-dir";
import { readDetectedServices } from "./detected-services";
import { repositoryView, type RepositoryDeps } from "./repository-deps";

/**
 * An app's repository as its settings show it (URL, how Slipway authenticates, the public key and
 * host key fingerprint), and the services found on the default branch that the app does not have
 * yet — a serverless.yml that appeared in a push ("found services/billing — add it?").
 */
export async function getRepositorySettings(deps: RepositoryDeps, orgId: string, appSlug: string) {
  const app = await findApp(deps.db, orgId, appSlug);
  const repo = await deps.db.repository.findUniqueOrThrow({ where: { id: app.repositoryId }, include: { credential: true } });
  const view = repositoryView(repo, repo.credential);
  const hasMirror = await stat(path.join(mirrorDir(deps.env.SLIPWAY_DATA_DIR, repo.id), "HEAD")).then(
    () => true,
    () => false,
  );
  if (!hasMirror || !repo.defaultBranch) return { repository: view, newServices: [] };
  const found = [];
  let offset = 0;
  for (let pages = 0; pages < 10; pages++) {
    const page = await readDetectedServices(deps, orgId, repo.id, { offset }).catch(() => null);
    if (!page) break;
    found.push(...page.services.filter((s) => !s.added && s.resolvable && !s.error));
    offset += page.limit;
    if (offset >= page.total) break;
  }
  return { repository: view, newServices: found };
}
