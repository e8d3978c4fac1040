import { listFiles, readFiles } from "../git/git";
import { DomainError } from "../errors";
import { mirrorDir } from "../git/mirror-dir";
import { findOrgRepository } from "./find-repository";
import type { RepositoryDeps } from "./repository-deps";
import { describeServiceFile, isServiceFile, type DetectedService } from "./service-files";

export const DETECT_PAGE = 100;

export type DetectedServicesPage = Awaited<ReturnType<typeof readDetectedServices>>;

/**
 * The serverless files on the default branch as the repository's mirror has them now (no network:
 * the worker fetches, detect-services.ts): each with its folder, `service:` name, functions and the
 * outputs it consumes, and whether the app already has a service there. Paged: a monorepo with
 * hundreds of services is read a page at a time.
 */
export async function readDetectedServices(
  deps: Pick<RepositoryDeps, "db" | "env">,
  orgId: string,
  repositoryId: string,
  page: { offset?: number; limit?: number } = {},
) {
  const repo = await findOrgRepository(deps.db, orgId, repositoryId);
  const branch = repo.defaultBranch;
  if (!branch) throw new DomainError("BAD_INPUT", "Test the connection first: Slipway needs to know the default branch.");
  const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, repo.id);
  const ref = `refs/heads/${branch}`;
  const files = (await listFiles(gitDir, ref)).filter(isServiceFile).sort();
  const offset = Math.max(0, page.offset ?? 0);
  const limit = Math.min(DETECT_PAGE, Math.max(1, page.limit ?? DETECT_PAGE));
  const slice = files.slice(offset, offset + limit);
  const contents = await readFiles(
    gitDir,
    ref,
    slice.filter((f) => !/\.(ts|js|cjs|mjs)$/.test(f)),
  );
  const existing = repo.app ? await deps.db.service.findMany({ where: { appId: repo.app.id }, select: { path: true, name: true } }) : [];
  const services: (DetectedService & { added: boolean })[] = slice.map((f) => {
    const d = describeServiceFile(f, contents.get(f) ?? null);
    return { ...d, added: existing.some((s) => s.path === d.folder || (d.name !== null && s.name === d.name)) };
  });
  return {
    branch,
    total: files.length,
    offset,
    limit,
    services,
    note:
      files.length > offset + limit || offset > 0
        ? `Showing ${offset + 1}–${offset + slice.length} of ${files.length} serverless files.`
        : null,
  };
}
