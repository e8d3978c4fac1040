import type { BuildContext } from "../build-context";
import { sealSecrets } from "../../server/domain/deployments/sealed-env";
import { digestArtifact } from "../sandbox/artifact-digest";
import { stageArtifact } from "../../server/artifacts/artifact-store";
import { DeploymentDidNotStart, switchDeployment } from "../../server/domain/deployments/switch-deployment";
import { createDeployment, logPublished, markRemoved } from "./publish";
import { deployResources, removeResources } from "./local-cloud";
import { warnAboutRuntime } from "./local-cloud/node-runtime";

/**
 * The local target: the service's `resources:` are provisioned in the local cloud, the built
 * service (code and node_modules) is copied into an immutable folder per deployment, warmed in the
 * runtime, and only then made the instance's current deployment — so a deploy that fails to load
 * never replaces what is serving, and what it provisioned for itself is undone.
 */
export async function deployLocal(ctx: BuildContext) {
  const { db, cipher, artifacts } = ctx.deps;
  const resolved = ctx.resolved;
  if (!resolved) throw new Error("Nothing resolved to deploy.");
  warnAboutRuntime(ctx);
  const cloud = await deployResources(ctx);
  let deployment;
  let stored: string | null = null;
  try {
    deployment = await createDeployment(ctx, sealSecrets(cloud.runtime, resolved.secrets, cipher));
    const folder = await stageArtifact(artifacts, deployment.id, ctx.serviceDir);
    const artifactDigest = await digestArtifact(folder);
    stored = await artifacts.putDeployment({ deploymentId: deployment.id });
    await db.deployment.update({ where: { id: deployment.id }, data: { artifactPath: stored, artifactDigest } });
    ctx.log.line(
      `Artifact stored as deployment ${deployment.id} (${artifactDigest.slice(0, 19)}…${artifacts.kind === "s3" ? ", in S3" : ""}).`,
    );

    const outcome = await switchDeployment({
      db,
      runtime: ctx.deps.runtime,
      instanceId: ctx.build.instanceId,
      deploymentId: deployment.id,
      kind: "deploy",
      outputs: cloud.outputs,
    }).catch((e: Error) => {
      if (e instanceof DeploymentDidNotStart)
        throw new Error(`The new version did not start, so the previous one keeps serving: ${e.reason}`);
      throw e;
    });
    if (!outcome.switched) throw new Error("The stage was deleted while deploying.");
  } catch (e) {
    if (deployment) await artifacts.deleteDeployment({ deploymentId: deployment.id, location: stored ?? "" }).catch(() => undefined);
    await cloud.undo();
    throw e;
  }
  // Live from here: what follows never undoes the switch.
  logPublished(ctx, cloud.outputs);
  await cloud.commit();
  return deployment;
}

/** Destroys a stage of a service: no more routes, schedules, published outputs or (unretained) resources. */
export async function removeLocal(ctx: BuildContext) {
  await ctx.deps.runtime.removeSchedules(ctx.build.instanceId);
  await removeResources(ctx);
  await markRemoved(ctx);
}
