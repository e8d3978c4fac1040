import { rm } from "node:fs/promises";
import path from "node:path";
import type { AppDeps } from "../../deps";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { isInside } from "../variables/inside-root";
import { deleteStoredArtifact } from "../../artifacts/artifact-store";
import { isS3Location } from "../../artifacts/s3-artifacts";
import { mirrorDir } from "../git/mirror-dir";
import type { RuntimeTeardown } from "../repositories/repository-deps";
import { findApp } from "./find-app";
import { teardownInstances } from "./teardown-instances";

/**
 * Deletes an app after the admin typed its slug: its local-target deployments are destroyed (they
 * stop serving, their artifact folders and the repository mirror are removed), then the app, its
 * services, builds and the repository with its credentials. External-target stages are left
 * running in the cloud account, and the answer names them.
 */
export async function deleteApp(
  deps: Pick<AppDeps, "db" | "env"> & { runtime: RuntimeTeardown },
  orgId: string,
  actorId: string,
  slug: string,
  confirm: string,
) {
  const { db } = deps;
  const app = await findApp(db, orgId, slug);
  if (confirm.trim() !== app.slug) throw new DomainError("BAD_INPUT", `Type the app's slug (${app.slug}) to confirm.`, "confirm");
  const torn = await teardownInstances(db, deps.runtime, { appId: app.id }, false);
  const artifacts = await db.deployment.findMany({ where: { instance: { appId: app.id } }, select: { id: true, artifactPath: true } });
  const repository = await db.repository.findUniqueOrThrow({ where: { id: app.repositoryId } });
  await db.$transaction(async (tx) => {
    await tx.release.deleteMany({ where: { appId: app.id } });
    await tx.app.delete({ where: { id: app.id } });
    await tx.repository.delete({ where: { id: app.repositoryId } });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "app.delete",
      target: `app ${app.slug}`,
      before: { name: app.name, repository: repository.url },
      after: { localStagesDestroyed: torn.local.length, leftRunning: torn.leftRunning },
    });
  });
  await torn.announce();
  for (const a of artifacts) {
    if (!a.artifactPath) continue;
    if (isS3Location(a.artifactPath)) {
      await deleteStoredArtifact({ deploymentId: a.id, location: a.artifactPath });
      continue;
    }
    const dir = path.isAbsolute(a.artifactPath) ? a.artifactPath : path.join(deps.env.SLIPWAY_DATA_DIR, a.artifactPath);
    if (isInside(deps.env.SLIPWAY_DATA_DIR, dir) && path.resolve(dir) !== path.resolve(deps.env.SLIPWAY_DATA_DIR))
      await rm(dir, { recursive: true, force: true });
  }
  await rm(mirrorDir(deps.env.SLIPWAY_DATA_DIR, app.repositoryId), { recursive: true, force: true });
  return { deleted: app.slug, localStagesDestroyed: torn.local.length, leftRunning: torn.leftRunning };
}
