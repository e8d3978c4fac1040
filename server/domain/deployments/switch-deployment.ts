import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";
import type { RuntimeClient } from "../../runtime/contract";
import type { RuntimeConfig } from "./runtime-config";

/** The runtime could not warm the deployment: nothing was switched, what served keeps serving. */
export class DeploymentDidNotStart extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "DeploymentDidNotStart";
  }
}

export interface SwitchDeploymentOptions {
  db: Db;
  runtime: Pick<RuntimeClient, "prepare" | "announce" | "syncSchedules">;
  instanceId: string;
  deploymentId: string;
  /** "deploy": the instance follows its branch again; "rollback": it stays pinned to this deployment until the next deploy. */
  kind: "deploy" | "rollback";
  /** Switch only while the instance still serves this deployment (a rollback decided on what it saw). */
  expectCurrent?: string;
  /** Outputs published with the switch, in its transaction (a deploy's). */
  outputs?: Record<string, unknown>;
  /** Deployed outside Slipway's runtime (serverless, script): nothing to warm or schedule. */
  external?: boolean;
}

type SwitchOutcome = { switched: true; switchMs: number } | { switched: false };

/**
 * The one way an instance's current deployment changes, for deploys and instant rollbacks alike:
 * the runtime warms it (a failure throws DeploymentDidNotStart and changes nothing), then the
 * instance points at it in one transaction, every runtime is told, and its schedules follow.
 * `switchMs` runs from the prepare to the announcement: how long the switch took to be live.
 */
export async function switchDeployment(o: SwitchDeploymentOptions): Promise<SwitchOutcome> {
  const { db, runtime, instanceId, deploymentId } = o;
  const started = performance.now();
  const deployment = await db.deployment.findFirst({ where: { id: deploymentId, instanceId }, select: { config: true } });
  if (!deployment) throw new Error(`Deployment ${deploymentId} is not one of instance ${instanceId}'s.`);
  if (!o.external) {
    try {
      await runtime.prepare(deploymentId);
    } catch (e) {
      throw new DeploymentDidNotStart((e as Error).message);
    }
  }
  const data =
    o.kind === "deploy"
      ? { currentDeploymentId: deploymentId, removedAt: null, pinnedDeploymentId: null, rolledBackAt: null }
      : { currentDeploymentId: deploymentId, pinnedDeploymentId: deploymentId, rolledBackAt: new Date() };
  const switched = await db.$transaction(async (tx) => {
    const res = await tx.serviceInstance.updateMany({
      where: { id: instanceId, ...(o.expectCurrent !== undefined && { currentDeploymentId: o.expectCurrent }) },
      data,
    });
    if (res.count === 0) return false;
    if (o.outputs) await tx.output.create({ data: { instanceId, deploymentId, values: o.outputs as Prisma.InputJsonValue } });
    return true;
  });
  if (!switched) return { switched: false };
  await runtime.announce(instanceId);
  const switchMs = Math.round(performance.now() - started);
  if (!o.external) await runtime.syncSchedules({ instanceId, deploymentId, config: deployment.config as unknown as RuntimeConfig });
  return { switched: true, switchMs };
}
