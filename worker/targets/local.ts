import { cp, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { BuildContext } from "../build-context";
import { removeSchedules, syncSchedules } from "../runtime/schedules";
import { sealSecrets } from "../../server/domain/deployments/sealed-env";
import { digestArtifact } from "../sandbox/artifact-digest";
import { createDeployment, makeCurrent, markRemoved } from "./publish";
import { deployResources, removeResources } from "./local-cloud";
import { warnAboutRuntime } from "./local-cloud/node-runtime";

/**
 * The local target: the service's `resources:` are provisioned in the local cloud, the built
 * service (code and node_modules) is copied into an immutable folder per deployment, warmed in the
 * runtime, and only then made the instance's current deployment — so a deploy that fails to load
 * never replaces what is serving, and what it provisioned for itself is undone.
 */
export async function deployLocal(ctx: BuildContext) {
  const { db, cipher, env } = ctx.deps;
  const resolved = ctx.resolved;
  if (!resolved) throw new Error("Nothing resolved to deploy.");
  warnAboutRuntime(ctx);
  const cloud = await deployResources(ctx);
  let artifactPath = "";
  let deployment;
  try {
    deployment = await createDeployment(ctx, sealSecrets(cloud.runtime, resolved.secrets, cipher));
    artifactPath = path.join(env.SLIPWAY_DATA_DIR, "deployments", deployment.id);
    await mkdir(path.dirname(artifactPath), { recursive: true });
    await cp(ctx.serviceDir, artifactPath, { recursive: true, filter: (src) => !src.split(path.sep).includes(".git") });
    const artifactDigest = await digestArtifact(artifactPath);
    await db.deployment.update({ where: { id: deployment.id }, data: { artifactPath, artifactDigest } });
    ctx.log.line(`Artifact stored as deployment ${deployment.id} (${artifactDigest.slice(0, 19)}…).`);

    try {
      await ctx.deps.prepareDeployment(deployment.id);
    } catch (e) {
      throw new Error(`The new version did not start, so the previous one keeps serving: ${(e as Error).message}`);
    }
    await makeCurrent(ctx, deployment.id, cloud.outputs);
  } catch (e) {
    if (artifactPath) await rm(artifactPath, { recursive: true, force: true });
    await cloud.undo();
    throw e;
  }
  // Live from here: what follows never undoes the switch.
  await syncSchedules({ queue: ctx.deps.scheduleQueue, instanceId: ctx.build.instanceId, deploymentId: deployment.id, config: cloud.runtime });
  await cloud.commit();
  return deployment;
}

/** Destroys a stage of a service: no more routes, schedules, published outputs or (unretained) resources. */
export async function removeLocal(ctx: BuildContext) {
  await removeSchedules(ctx.deps.scheduleQueue, ctx.build.instanceId);
  await removeResources(ctx);
  await markRemoved(ctx);
}
