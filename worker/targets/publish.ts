import type { Prisma } from "@prisma/client";
import type { BuildContext } from "../build-context";
import { switchDeployment } from "../../server/domain/deployments/switch-deployment";

/** A deployment row for this build, with the parameters it had (encrypted) for a later rollback. */
export function createDeployment(ctx: BuildContext, config: unknown) {
  const { db, cipher } = ctx.deps;
  const { build } = ctx;
  return db.deployment.create({
    data: {
      instanceId: build.instanceId,
      buildId: build.id,
      commitSha: build.commitSha,
      artifactPath: "",
      config: config as Prisma.InputJsonValue,
      paramsSnapshot: { cipher: cipher.encrypt(JSON.stringify(ctx.params ?? {})) },
    },
  });
}

export function logPublished(ctx: BuildContext, outputs: Record<string, unknown>) {
  const keys = Object.keys(outputs);
  ctx.log.line(keys.length ? `Published outputs: ${keys.join(", ")}.` : "No outputs to publish.");
}

/**
 * Records a deploy done outside Slipway (serverless, script): a deployment row with its outputs,
 * made the instance's current one. It has no functions for the local runtime to serve, so the
 * runtime answers 404 for it; its link is whatever its outputs say (e.g. ServiceEndpoint).
 */
export async function publishExternalDeployment(ctx: BuildContext, outputs: Record<string, unknown>) {
  const resolved = ctx.resolved;
  if (!resolved) throw new Error("Nothing resolved to deploy.");
  const deployment = await createDeployment(ctx, { ...resolved.runtime, functions: {}, target: ctx.build.service.target });
  const outcome = await switchDeployment({
    db: ctx.deps.db,
    runtime: ctx.deps.runtime,
    instanceId: ctx.build.instanceId,
    deploymentId: deployment.id,
    kind: "deploy",
    outputs,
    external: true,
  });
  if (!outcome.switched) throw new Error("The stage was deleted while deploying.");
  logPublished(ctx, outputs);
  return deployment;
}

/** After an external remove: the instance has no deployment and no outputs any more. */
export async function markRemoved(ctx: BuildContext) {
  const { db } = ctx.deps;
  const instanceId = ctx.build.instanceId;
  await db.$transaction([
    db.serviceInstance.update({ where: { id: instanceId }, data: { currentDeploymentId: null, removedAt: new Date() } }),
    db.output.deleteMany({ where: { instanceId } }),
  ]);
  await ctx.deps.runtime.announce(instanceId);
  ctx.log.line(`Stage ${ctx.build.instance.stage} of ${ctx.build.service.name} removed; its outputs are gone.`);
}

/** Deploy-reported outputs first; the config's own `outputs:` block, being explicit, wins a clash. */
export function mergeOutputs(reported: Record<string, unknown>, declared: Record<string, unknown>) {
  return { ...reported, ...declared };
}
