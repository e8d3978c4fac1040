import type { Db } from "../../db";
import { DomainError } from "../errors";
import { deploymentLink } from "../deployments/instance-link";
import { runtimeAddress } from "../deployments/instance-url";
import type { AppDeps } from "../../deps";
import { paramsForStage } from "../parameters/params-for-stage";
import { createMasker } from "../../logs/mask";
import { failureExcerpt } from "./failure-excerpt";
import { repositoryCommitUrl } from "../repositories/commit-url";

/**
 * What every member of the org may see of a build, named field by field: no `--param` values
 * (cliParams), no user or worker ids, no uploaded archive path, no log (it streams on its own).
 * A column added to Build stays private until it is added here.
 */
const buildView = {
  id: true,
  number: true,
  kind: true,
  status: true,
  trigger: true,
  branch: true,
  commitSha: true,
  commitMessage: true,
  commitAuthor: true,
  error: true,
  fromFork: true,
  approvedAt: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  steps: { orderBy: { position: "asc" }, select: { id: true, name: true, status: true, detail: true, startedAt: true, finishedAt: true } },
  service: { select: { name: true, path: true, app: { select: { slug: true, name: true } } } },
  instance: { select: { stage: true, region: true } },
  safeguardChecks: { orderBy: { createdAt: "asc" }, select: { policy: true, level: true, passed: true, message: true } },
} as const;

/** What the build page needs to link what a build deployed; without it `deployed` stays null. */
export type BuildLinkDeps = Pick<AppDeps, "cipher" | "env">;

/**
 * A build with its steps, scoped to the caller's org (another org's build is "not found"). With
 * `links`, a deploy build also says what it deployed: the link (while its deployment still serves)
 * and its published outputs, secret parameter values masked. A failed build carries the last
 * meaningful lines of its failed step for the page's banner; `guarded` marks production-like stages.
 */
export async function getBuild(db: Db, orgId: string, buildId: string, links?: BuildLinkDeps) {
  const build = await db.build.findFirst({ where: { id: buildId, service: { app: { orgId } } }, select: buildView });
  if (!build) throw new DomainError("NOT_FOUND", "No such build.");
  // Read for the derived fields below only; none of these columns is returned as is.
  const more = await db.build.findUniqueOrThrow({
    where: { id: buildId },
    select: {
      log: true,
      service: {
        select: {
          appId: true,
          app: { select: { org: { select: { slug: true } }, repository: { select: { url: true, githubRepo: true } } } },
        },
      },
      instance: { select: { currentDeploymentId: true, removedAt: true } },
      deployment: { select: { id: true, config: true, outputs: { select: { values: true } } } },
    },
  });
  const stage = build.instance.stage;
  const guarded = /^prod/i.test(stage) || (await db.stageProtection.count({ where: { appId: more.service.appId, stage } })) > 0;
  const failedStep = build.status === "FAILED" ? build.steps.find((s) => s.status === "FAILED") : undefined;
  let deployed: Deployed | null = null;
  if (more.deployment && links) {
    const d = more.deployment;
    const serving = more.instance.currentDeploymentId === d.id && !more.instance.removedAt;
    const { secrets } = await paramsForStage(db, links.cipher, more.service.appId, stage);
    const mask = createMasker(secrets);
    const values = (d.outputs[0]?.values ?? {}) as Record<string, unknown>;
    const url = deploymentLink(
      runtimeAddress(links.env),
      { orgSlug: more.service.app.org.slug, appSlug: build.service.app.slug, stage, serviceName: build.service.name },
      d.config,
    );
    deployed = {
      serving,
      url: serving ? url : null,
      hasHttp: url !== null,
      outputs: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, mask(typeof v === "string" ? v : JSON.stringify(v))])),
    };
  }
  return {
    ...build,
    /** The commit on the repository's web UI (GitHub/GitLab), never carrying credentials; null elsewhere. */
    commitUrl: repositoryCommitUrl(more.service.app.repository, build.commitSha),
    instance: { ...build.instance, guarded },
    failure: failedStep ? { step: failedStep.name, lines: failureExcerpt(more.log, failedStep.name) } : null,
    deployed,
  };
}

interface Deployed {
  /** Still the instance's current deployment (not replaced, rolled back or removed). */
  serving: boolean;
  url: string | null;
  hasHttp: boolean;
  outputs: Record<string, string>;
}

/** Throws NOT_FOUND unless the build belongs to the org (for log streams and downloads). */
export async function assertBuildInOrg(db: Db, orgId: string, buildId: string) {
  const n = await db.build.count({ where: { id: buildId, service: { app: { orgId } } } });
  if (n === 0) throw new DomainError("NOT_FOUND", "No such build.");
}
