import type { BuildContext } from "../../build-context";
import { profileForStage } from "../../../server/domain/parameters/params-for-stage";
import { localAccountId } from "../../../server/domain/local-cloud/credentials";
import { toRuntimeConfig, type RuntimeConfig } from "../../../server/domain/deployments/runtime-config";
import { emulatorClient } from "../../../server/domain/local-cloud/emulator-client";
import { IntrinsicError, pseudoParameters, resolveIntrinsics } from "./intrinsics";
import { planResources } from "./plan-resources";
import { provision, teardown, type Target } from "./provision";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The local account of a build's stage: its deployment profile's, else its org's. */
async function targetOf(ctx: BuildContext, url: string): Promise<Target> {
  const { db, env } = ctx.deps;
  const profile = await profileForStage(db, ctx.build.app.id, ctx.build.instance.stage);
  return {
    db,
    cloud: emulatorClient(url, env.SLIPWAY_ENCRYPTION_KEY),
    log: ctx.log,
    orgId: ctx.build.app.orgId,
    instanceId: ctx.build.instanceId,
    accountId: localAccountId({ profileId: profile?.id, orgId: ctx.build.app.orgId }),
    region: ctx.build.instance.region,
  };
}

/** `environment:` and `outputs:` with Ref/GetAtt/Sub/Join resolved to the local names and ARNs. */
function withIntrinsics(config: Obj, scope: Parameters<typeof resolveIntrinsics>[1]) {
  const provider = isObj(config.provider) ? config.provider : {};
  const functions = isObj(config.functions) ? config.functions : {};
  const resolved: Obj = {
    ...config,
    provider: { ...provider, environment: resolveIntrinsics(provider.environment, scope, "provider.environment") },
    functions: Object.fromEntries(
      Object.entries(functions).map(([name, def]) => [
        name,
        isObj(def) ? { ...def, environment: resolveIntrinsics(def.environment, scope, `function '${name}' environment`) } : def,
      ]),
    ),
  };
  const outputs = (resolveIntrinsics(config.outputs ?? {}, scope, "outputs") ?? {}) as Record<string, unknown>;
  return { runtime: toRuntimeConfig(resolved), outputs };
}

export interface CloudDeploy {
  runtime: RuntimeConfig;
  outputs: Record<string, unknown>;
  /** Deletes what this deploy created (the deploy failed after provisioning). */
  undo(): Promise<void>;
  /** The deploy is live: resources the template no longer declares go (unless retained). */
  commit(): Promise<void>;
}

/**
 * Provisions the service's `resources:` in the local cloud for this instance and resolves the
 * intrinsics that point at them. Without a local cloud (none reachable) resources are listed as
 * not provisioned and intrinsics still resolve, so the functions get names rather than JSON.
 */
export async function deployResources(ctx: BuildContext): Promise<CloudDeploy> {
  const resolved = ctx.resolved;
  if (!resolved) throw new Error("Nothing resolved to deploy.");
  const url = ctx.deps.localCloud?.url() ?? null;
  const target = url ? await targetOf(ctx, url) : null;
  const accountId = target?.accountId ?? localAccountId({ orgId: ctx.build.app.orgId });
  const stackName = `${resolved.runtime.service}-${ctx.build.instance.stage}`;
  const pseudo = pseudoParameters({ region: ctx.build.instance.region, accountId, stackName });
  try {
    const plan = planResources(resolved.config, { accountId, region: ctx.build.instance.region, stackName, pseudo });
    const { runtime, outputs } = withIntrinsics(resolved.config, plan.scope);
    runtime.cloud = { accountId };
    if (!target) {
      for (const r of [...plan.resources, ...plan.skipped])
        ctx.log.line(`Resource ${r.logicalId} (${r.type}): not provisioned locally (the local cloud is not running).`);
      return { runtime, outputs, undo: async () => undefined, commit: async () => undefined };
    }
    const done = await provision(target, plan);
    return {
      runtime,
      outputs,
      undo: async () => {
        await done.undo();
        target.cloud.close();
      },
      commit: async () => {
        // The new version already serves: a leftover that cannot be deleted is said, not fatal.
        await teardown(
          target,
          plan.resources.map((r) => r.logicalId),
        ).catch((e: Error) => ctx.log.line(`Warning: a resource this service no longer declares was not deleted: ${e.message}`));
        target.cloud.close();
      },
    };
  } catch (e) {
    target?.cloud.close();
    if (e instanceof IntrinsicError) throw new Error(e.message);
    throw e;
  }
}

/** Removes the instance's tables and buckets, keeping those with DeletionPolicy: Retain. */
export async function removeResources(ctx: BuildContext) {
  const url = ctx.deps.localCloud?.url() ?? null;
  const count = await ctx.deps.db.localResource.count({ where: { instanceId: ctx.build.instanceId, retainedAt: null } });
  if (count === 0) return;
  if (!url)
    throw new Error("This stage has tables or buckets in the local cloud, and the local cloud is not running: nothing was removed.");
  const target = await targetOf(ctx, url);
  try {
    await teardown(target);
  } finally {
    target.cloud.close();
  }
}
