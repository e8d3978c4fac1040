import type { Prisma } from "@prisma/client";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { refHead } from "../git/git";
import { handleBranchPush } from "../triggers/handle-branch";
import { mirrorDir } from "../git/mirror-dir";
import { detectServices } from "../repositories/detect-services";
import type { RepositoryDeps } from "../repositories/repository-deps";
import { serviceData, type NewService } from "../repositories/service-defaults";
import { findApp } from "./find-app";

export type AddedService = Awaited<ReturnType<typeof addService>>;

/**
 * Adds a service found in the repository to an existing app (e.g. a new services/billing that
 * appeared in a push), with the guide's defaults, and deploys the default branch's commit of it.
 */
export async function addService(deps: RepositoryDeps, orgId: string, actorId: string, appSlug: string, input: NewService) {
  const { db } = deps;
  const app = await findApp(db, orgId, appSlug);
  const repo = await db.repository.findUniqueOrThrow({ where: { id: app.repositoryId } });
  const folder = input.folder.trim().replace(/\/+$/, "");
  // Finds the file on the default branch as it is now (the mirror is fetched first).
  let offset = 0;
  let found = false;
  for (;;) {
    const page = await detectServices(deps, orgId, repo.id, { offset });
    if (page.services.some((s) => s.folder === folder && s.resolvable && !s.error)) found = true;
    offset += page.limit;
    if (found || offset >= page.total) break;
  }
  if (!found) throw new DomainError("BAD_INPUT", `There is no readable serverless file in "${folder}" on ${repo.defaultBranch}.`, "folder");
  if (await db.service.findFirst({ where: { appId: app.id, OR: [{ name: input.name }, { path: folder || "." }] } })) {
    throw new DomainError("BAD_INPUT", `The app already has a service named ${input.name} or in ${folder || "the root"}.`, "name");
  }
  const data = serviceData({ ...input, folder }, repo.defaultBranch!, "service");
  const service = await db.$transaction(async (tx) => {
    const s = await tx.service.create({
      data: { ...data, appId: app.id, branchDeployments: data.branchDeployments as Prisma.InputJsonValue },
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "service.add",
      target: `app ${app.slug} service ${s.name}`,
      after: { name: s.name, path: s.path, triggerPaths: s.triggerPaths },
    });
    return s;
  });
  // The mirror was just fetched by detection: its default branch is the remote's now.
  const sha = await refHead(mirrorDir(deps.env.SLIPWAY_DATA_DIR, repo.id), `refs/heads/${repo.defaultBranch!}`);
  const builds = sha
    ? await handleBranchPush(
        { ...deps, db },
        app.id,
        repo.defaultBranch!,
        sha,
        "service-added",
        actorId,
        (s) => (s as { id?: string }).id === service.id,
      )
    : [];
  return { id: service.id, name: service.name, builds: builds.map((b) => ({ id: b.id, number: b.number })) };
}
