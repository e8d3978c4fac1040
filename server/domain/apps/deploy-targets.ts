import type { Db } from "../../db";
import { DomainError } from "../errors";
import { commitInfo } from "../git/git";
import { mirrorDir } from "../git/mirror-dir";
import { branchDeploymentSchema, targetForBranch } from "../triggers/branch-rules";
import { repositoryCommitUrl } from "../repositories/commit-url";

/**
 * What "Deploy branch" would do, per branch, before anyone clicks: the branch's head commit (with
 * its message and author when the mirror has it) and the stage each service would deploy to, by the
 * same rules a push follows. Read from what the poller last saw; nothing is fetched here.
 */
export async function deployTargets(db: Db, opts: { orgId: string; appSlug: string; dataDir: string }) {
  const app = await db.app.findFirst({
    where: { orgId: opts.orgId, slug: opts.appSlug },
    include: {
      repository: true,
      services: { orderBy: { name: "asc" } },
      instances: { where: { removedAt: null, branch: { not: null } }, select: { serviceId: true, stage: true, branch: true } },
    },
  });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${opts.appSlug}" in this organization.`);
  const refs = (app.repository.refs ?? {}) as Record<string, string>;
  const gitDir = mirrorDir(opts.dataDir, app.repositoryId);
  const reserved = new Set(
    app.services.flatMap((s) => {
      const parsed = branchDeploymentSchema.safeParse(s.branchDeployments);
      return parsed.success ? parsed.data.map((d) => d.stage) : [];
    }),
  );
  const branches = [];
  for (const [branch, sha] of Object.entries(refs)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 200)) {
    const info = await commitInfo(gitDir, sha).catch(() => null);
    const stages = new Map<string, { stage: string; kind: "branch" | "preview"; services: string[] }>();
    for (const s of app.services) {
      const own = app.instances.find((i) => i.serviceId === s.id && i.branch === branch);
      const taken = new Set([...reserved, ...app.instances.filter((i) => i.serviceId === s.id && i.branch !== branch).map((i) => i.stage)]);
      const target = own ? ({ kind: "preview", stage: own.stage } as const) : targetForBranch(s, branch, taken);
      if (target.kind === "none") continue;
      const entry = stages.get(target.stage) ?? { stage: target.stage, kind: target.kind, services: [] };
      entry.services.push(s.name);
      stages.set(target.stage, entry);
    }
    branches.push({
      branch,
      head: {
        sha,
        url: repositoryCommitUrl(app.repository, sha),
        message: info?.message ?? null,
        author: info?.author ?? null,
        date: info?.date ?? null,
      },
      targets: [...stages.values()],
    });
  }
  return { branches };
}
