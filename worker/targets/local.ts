import { cp, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Prisma } from "@prisma/client";
import type { BuildContext } from "../build-context";
import { removeSchedules, syncSchedules } from "../runtime/schedules";
import { sealSecrets } from "../../server/domain/deployments/sealed-env";

/**
 * The local target: the built service (code and node_modules) is copied into an immutable folder
 * per deployment, warmed in the runtime, and only then made the instance's current deployment — so
 * a deploy that fails to load never replaces what is serving.
 */
export async function deployLocal(ctx: BuildContext) {
  const { db, cipher, env } = ctx.deps;
  const resolved = ctx.resolved;
  if (!resolved) throw new Error("Nothing resolved to deploy.");
  const { build } = ctx;
  const deployment = await db.deployment.create({
    data: {
      instanceId: build.instanceId,
      buildId: build.id,
      commitSha: build.commitSha,
      artifactPath: "",
      config: sealSecrets(resolved.runtime, resolved.secrets, cipher) as unknown as Prisma.InputJsonValue,
      paramsSnapshot: { cipher: cipher.encrypt(JSON.stringify(ctx.params ?? {})) },
    },
  });
  const artifactPath = path.join(env.SLIPWAY_DATA_DIR, "deployments", deployment.id);
  await mkdir(path.dirname(artifactPath), { recursive: true });
  await cp(ctx.serviceDir, artifactPath, { recursive: true, filter: (src) => !src.split(path.sep).includes(".git") });
  await db.deployment.update({ where: { id: deployment.id }, data: { artifactPath } });
  ctx.log.line(`Artifact stored as deployment ${deployment.id}.`);

  try {
    await ctx.deps.prepareDeployment(deployment.id);
  } catch (e) {
    await rm(artifactPath, { recursive: true, force: true });
    throw new Error(`The new version did not start, so the previous one keeps serving: ${(e as Error).message}`);
  }
  await db.$transaction([
    db.output.create({ data: { instanceId: build.instanceId, deploymentId: deployment.id, values: resolved.outputs as Prisma.InputJsonValue } }),
    // A deploy ends any instant rollback: the instance follows its branch again.
    db.serviceInstance.update({
      where: { id: build.instanceId },
      data: { currentDeploymentId: deployment.id, removedAt: null, pinnedDeploymentId: null, rolledBackAt: null },
    }),
  ]);
  await ctx.deps.announceInstanceChange(build.instanceId);
  await syncSchedules({ queue: ctx.deps.scheduleQueue, instanceId: build.instanceId, deploymentId: deployment.id, config: resolved.runtime });
  const outputKeys = Object.keys(resolved.outputs);
  if (outputKeys.length) ctx.log.line(`Published outputs: ${outputKeys.join(", ")}.`);
  return deployment;
}

/** Destroys a stage of a service: no more routes, schedules or published outputs. */
export async function removeLocal(ctx: BuildContext) {
  const { db } = ctx.deps;
  const instanceId = ctx.build.instanceId;
  await removeSchedules(ctx.deps.scheduleQueue, instanceId);
  await db.$transaction([
    db.serviceInstance.update({ where: { id: instanceId }, data: { currentDeploymentId: null, removedAt: new Date() } }),
    db.output.deleteMany({ where: { instanceId } }),
  ]);
  await ctx.deps.announceInstanceChange(instanceId);
  ctx.log.line(`Stage ${ctx.build.instance.stage} of ${ctx.build.service.name} removed: routes, schedules and outputs are gone.`);
}
