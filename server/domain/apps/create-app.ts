import path from "node:path";
import type { Prisma } from "@prisma/client";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { GitRemoteError, listFiles, lsRemote, syncMirror } from "../git/git";
import { handleBranchPush } from "../triggers/handle-branch";
import { mirrorDir } from "../git/mirror-dir";
import { findOrgRepository } from "../repositories/find-repository";
import { remoteWithCredential } from "../repositories/repository-remote";
import type { RepositoryDeps } from "../repositories/repository-deps";
import { isServiceFile } from "../repositories/service-files";
import { serviceData, type NewService } from "../repositories/service-defaults";
import { validateStageName } from "../stages/stage-name";

export interface CreateAppInput {
  repositoryId: string;
  name: string;
  slug: string;
  services: NewService[];
  /** stage → profile id (the guide's dev / staging / prod, or others). */
  stageProfiles: Record<string, string>;
  defaultProfileId: string;
}

export type CreatedApp = Awaited<ReturnType<typeof createApp>>;

export const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The last step of "New app": the app, its services and stage mappings in one transaction, then
 * the first deploys — the default branch's services to the stages it maps to — so the admin sees
 * builds start at once. The connection is checked again first: a key that was never authorized
 * or a token that stopped working fails here and creates nothing.
 */
export async function createApp(deps: RepositoryDeps, orgId: string, actorId: string, input: CreateAppInput) {
  const { db } = deps;
  const name = input.name.trim();
  if (!name || name.length > 100) throw new DomainError("BAD_INPUT", "Give the app a name (up to 100 characters).", "name");
  if (input.slug === "new") throw new DomainError("BAD_INPUT", '"new" is taken by the New app page: choose another slug.', "slug");
  if (!SLUG_RE.test(input.slug))
    throw new DomainError("BAD_INPUT", 'The slug has lowercase letters, digits and "-" (it appears in links).', "slug");
  if (input.services.length === 0) throw new DomainError("BAD_INPUT", "Pick at least one service.", "services");
  if (await db.app.findFirst({ where: { orgId, slug: input.slug } }))
    throw new DomainError("BAD_INPUT", `An app "${input.slug}" already exists.`, "slug");
  const repo = await findOrgRepository(db, orgId, input.repositoryId);
  if (repo.app) throw new DomainError("CONFLICT", `This repository is already connected to ${repo.app.slug}.`);
  const profileIds = new Set([input.defaultProfileId, ...Object.values(input.stageProfiles)]);
  const found = await db.deploymentProfile.count({ where: { orgId, id: { in: [...profileIds] } } });
  if (found !== profileIds.size) throw new DomainError("BAD_INPUT", "Choose deployment profiles of this organization.", "stageProfiles");
  for (const stage of Object.keys(input.stageProfiles)) {
    const bad = validateStageName(stage);
    if (bad) throw new DomainError("BAD_INPUT", `Stage "${stage.slice(0, 60)}": ${bad}`, "stageProfiles");
  }

  const remote = remoteWithCredential(repo.url, repo.credential, deps.cipher);
  let branches: Record<string, string>;
  try {
    branches = (await lsRemote(remote)).branches;
  } catch (e) {
    if (e instanceof GitRemoteError)
      throw new DomainError(
        "BAD_INPUT",
        `Cannot connect to the repository: ${e.message.replace(/^git [\w-]+ failed: /, "")}`,
        "repository",
      );
    throw e;
  }
  const defaultBranch = repo.defaultBranch;
  if (!defaultBranch || !branches[defaultBranch])
    throw new DomainError("BAD_INPUT", "Test the connection first: Slipway needs the repository's default branch.", "repository");
  const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, repo.id);
  await syncMirror(remote, gitDir);
  const folders = new Set(
    (await listFiles(gitDir, `refs/heads/${defaultBranch}`))
      .filter(isServiceFile)
      .map((f) => (path.posix.dirname(f) === "." ? "" : path.posix.dirname(f))),
  );
  const services = input.services.map((s, i) => {
    if (!folders.has(s.folder.replace(/\/+$/, "")))
      throw new DomainError("BAD_INPUT", `There is no serverless file in "${s.folder}" on ${defaultBranch}.`, `services.${i}.folder`);
    return serviceData(s, defaultBranch, `services.${i}`);
  });
  const names = new Set(services.map((s) => s.name));
  if (names.size !== services.length)
    throw new DomainError("BAD_INPUT", "Two services have the same name: rename one (its `service:` name).", "services");

  const app = await db.$transaction(async (tx) => {
    const created = await tx.app.create({
      data: { orgId, slug: input.slug, name, repositoryId: repo.id, defaultProfileId: input.defaultProfileId },
    });
    await tx.service.createMany({
      data: services.map((s) => ({ ...s, appId: created.id, branchDeployments: s.branchDeployments as Prisma.InputJsonValue })),
    });
    await tx.stageMapping.createMany({
      data: Object.entries(input.stageProfiles).map(([stage, profileId]) => ({ appId: created.id, stage, profileId })),
    });
    // The watcher's first poll must not build every branch again: record what is there now.
    await tx.repository.update({ where: { id: repo.id }, data: { orgId, refs: branches, polledAt: new Date(), pollError: null } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "app.create",
      target: `app ${input.slug}`,
      after: {
        name,
        repository: repo.url,
        services: services.map((s) => `${s.name} (${s.path})`),
        stages: input.stageProfiles,
        defaultProfileId: input.defaultProfileId,
      },
    });
    return created;
  });

  const builds = await handleBranchPush({ ...deps, db }, app.id, defaultBranch, branches[defaultBranch], "app-created", actorId);
  const detail = await db.build.findMany({
    where: { id: { in: builds.map((b) => b.id) } },
    include: { service: { select: { name: true } }, instance: { select: { stage: true } } },
  });
  return {
    id: app.id,
    slug: app.slug,
    branch: defaultBranch,
    builds: detail.map((b) => ({ id: b.id, number: b.number, service: b.service.name, stage: b.instance.stage })),
  };
}
