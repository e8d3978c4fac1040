import type { AppDeps } from "../../deps";
import { DomainError } from "../errors";
import { validateStageName } from "./stage-name";
import { deploymentLink } from "../deployments/instance-link";
import { runtimeAddress } from "../deployments/instance-url";
import { paramsForStage } from "../parameters/params-for-stage";
import { createMasker } from "../../logs/mask";
import { readInvocationLogs } from "../../runtime/invocation-logs";

/** Links point at the runtime the configuration names (RUNTIME_PUBLIC_URL, RUNTIME_DOMAIN); function logs are read from Redis. */
export type StageDeps = Pick<AppDeps, "db" | "redis" | "cipher" | "env">;

/**
 * One stage of an app, per service: its link, what is deployed, its published outputs and what
 * its functions printed lately. Secret parameter values are masked out of outputs and logs: a
 * reviewer may read this page but never a secret.
 */
export async function getStage(
  deps: StageDeps,
  { orgId, appSlug, stage, logLimit = 100 }: { orgId: string; appSlug: string; stage: string; logLimit?: number },
) {
  const bad = validateStageName(stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  const app = await deps.db.app.findFirst({ where: { orgId, slug: appSlug }, include: { org: true } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${appSlug}" in this organization.`);
  const instances = await deps.db.serviceInstance.findMany({
    where: { appId: app.id, stage },
    orderBy: { service: { name: "asc" } },
    include: {
      service: { select: { name: true, path: true } },
      currentDeployment: {
        include: { build: { select: { id: true, number: true, commitMessage: true, commitAuthor: true, branch: true } }, outputs: true },
      },
      builds: {
        orderBy: { number: "desc" },
        take: 5,
        select: {
          id: true,
          number: true,
          status: true,
          kind: true,
          commitSha: true,
          commitMessage: true,
          createdAt: true,
          finishedAt: true,
        },
      },
    },
  });
  if (instances.length === 0) throw new DomainError("NOT_FOUND", `Nothing was ever deployed to stage "${stage}".`);
  const params = await paramsForStage(deps.db, deps.cipher, app.id, stage);
  const mask = createMasker(params.secrets);
  const maskValue = (v: unknown): unknown =>
    typeof v === "string" ? mask(v) : v && typeof v === "object" ? JSON.parse(mask(JSON.stringify(v))) : v;

  const services = [];
  for (const i of instances) {
    const d = i.currentDeployment;
    const live = d && !i.removedAt;
    const logs = await readInvocationLogs(deps.redis, deps.env.REDIS_PREFIX, i.id, logLimit);
    services.push({
      instanceId: i.id,
      service: i.service.name,
      path: i.service.path,
      region: i.region,
      removedAt: i.removedAt,
      url: live
        ? deploymentLink(
            runtimeAddress(deps.env),
            { orgSlug: app.org.slug, appSlug: app.slug, stage, serviceName: i.service.name },
            d.config,
          )
        : null,
      deployment: live ? { id: d.id, commitSha: d.commitSha, createdAt: d.createdAt, build: d.build } : null,
      outputs: live ? (maskValue(d.outputs[0]?.values ?? {}) as Record<string, unknown>) : {},
      builds: i.builds,
      removal: i.removedAt ? removalOf(i.removedAt, i.builds) : null,
      logs: logs.map((l) => ({ ...l, line: mask(l.line) })),
    });
  }
  return {
    app: { slug: app.slug, name: app.name },
    stage,
    branch: instances.find((i) => i.branch)?.branch ?? null,
    profile: params.profile ? { name: params.profile.name } : null,
    // Every service of the stage removed: the stage as a whole is gone (a destroyed preview).
    destroyed: services.every((x) => x.removal) ? services[0].removal : null,
    services,
  };
}

/** When and why an instance was removed: its latest remove build says why (e.g. "Branch x was deleted"). */
function removalOf(at: Date, builds: Array<{ id: string; kind: string; status: string; commitMessage: string }>) {
  const remove = builds.find((b) => b.kind === "REMOVE" && b.status === "SUCCEEDED");
  return { at, reason: remove?.commitMessage || null, buildId: remove?.id ?? null };
}
