import type { AppDeps } from "../../deps";
import { DomainError } from "../errors";
import { validateStageName } from "../stages/stage-name";
import { deploymentLink } from "../deployments/instance-link";
import { runtimeAddress } from "../deployments/instance-url";
import { paramsForStage } from "../parameters/params-for-stage";
import { createMasker } from "../../logs/mask";
import { mirrorDir } from "../git/mirror-dir";
import { repositoryCommitUrl } from "../repositories/commit-url";
import { failureExcerpt } from "../builds/failure-excerpt";
import { hasCommits, logRange } from "../releases/release-git";
import { deployedConfig, secretKeysOf } from "../releases/get-release-overview";
import { diffConfig, type ConfigChange } from "../releases/config-diff";
import { branchChangedFiles } from "./branch-changes";

/** The mirror under SLIPWAY_DATA_DIR, links at the configured runtime, secrets opened by the cipher. */
export type PreviewDeps = Pick<AppDeps, "db" | "cipher" | "env">;

type Branches = Array<{ branch: string; stage: string }>;

/**
 * The reviewer's page of a preview stage (the one a pull request's comment links to): per service
 * its link, its latest build, its published outputs (secret parameter values masked), and what the
 * branch changed against its base — commits, files, and the resolved configuration against the
 * stage the base branch deploys to. Every member may read it; nothing secret is in it.
 */
export async function getPreview(deps: PreviewDeps, opts: { orgId: string; appSlug: string; stage: string }) {
  const { db } = deps;
  const bad = validateStageName(opts.stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  const app = await db.app.findFirst({
    where: { orgId: opts.orgId, slug: opts.appSlug },
    include: { org: true, repository: true, services: { orderBy: { name: "asc" } } },
  });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${opts.appSlug}" in this organization.`);
  const instances = await db.serviceInstance.findMany({
    where: { appId: app.id, stage: opts.stage },
    include: {
      currentDeployment: { include: { outputs: true } },
      builds: {
        orderBy: { number: "desc" },
        take: 1,
        include: { steps: { orderBy: { position: "asc" }, select: { name: true, status: true } } },
      },
    },
  });
  const branch = instances.find((i) => i.branch)?.branch;
  if (!branch) {
    throw new DomainError(
      "NOT_FOUND",
      instances.length ? `Stage "${opts.stage}" is not a preview: it follows no branch.` : `No preview "${opts.stage}" in ${app.name}.`,
    );
  }
  const pr = await db.pullRequest.findFirst({ where: { appId: app.id, headBranch: branch }, orderBy: { updatedAt: "desc" } });
  const firstService = app.services.find((s) => instances.some((i) => i.serviceId === s.id))!;
  const baseBranch = pr?.baseBranch ?? firstService.previewTargetBranch;
  const refs = (app.repository.refs ?? {}) as Record<string, string>;
  const latestSha = instances.flatMap((i) => i.builds).sort((a, b) => b.number - a.number)[0]?.commitSha ?? null;
  const headSha = refs[branch] ?? latestSha;
  const baseSha = refs[baseBranch] ?? null;

  const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, app.repositoryId);
  // A query reads the mirror as the worker last synced it (every push job fetches); it never reaches the remote.
  const wanted = [headSha, baseSha].filter((s): s is string => Boolean(s));
  const gitError = (await hasCommits(gitDir, wanted).catch(() => false))
    ? null
    : "Slipway's copy of the repository does not have these commits yet (it is fetched again on the next push): commits and files are not shown.";
  const commits = headSha && !gitError ? await logRange(gitDir, baseSha, headSha, [], 50) : [];
  const files = headSha && baseSha && !gitError ? await branchChangedFiles({ gitDir, baseSha, headSha }) : null;
  const commitUrl = (sha: string) => repositoryCommitUrl(app.repository, sha);

  const { secrets } = await paramsForStage(db, deps.cipher, app.id, opts.stage);
  const mask = createMasker(secrets);
  const maskValue = (v: unknown) => mask(typeof v === "string" ? v : JSON.stringify(v));
  const secretKeys = await secretKeysOf(db, opts.orgId);

  const services = [];
  for (const s of app.services) {
    const i = instances.find((x) => x.serviceId === s.id);
    const folder = s.path.replace(/\/+$/, "") + "/";
    const changed = files?.filter((f) => f.path.startsWith(folder) || s.path === "." || s.path === "").length ?? null;
    if (!i) {
      services.push({ name: s.name, path: s.path, built: false as const, changedFiles: changed });
      continue;
    }
    const d = i.currentDeployment && !i.removedAt ? i.currentDeployment : null;
    const b = i.builds[0] ?? null;
    const failedStep = b?.status === "FAILED" ? b.steps.find((st) => st.status === "FAILED") : undefined;
    const baseStage = (s.branchDeployments as Branches).find((x) => x.branch === baseBranch)?.stage ?? null;
    let configChanges: ConfigChange[] | null = null;
    if (d && baseStage) {
      const base = await db.serviceInstance.findFirst({
        where: { appId: app.id, serviceId: s.id, stage: baseStage, region: i.region, removedAt: null },
        include: { currentDeployment: true },
      });
      if (base?.currentDeployment)
        configChanges = diffConfig(
          await deployedConfig(db, deps.cipher, base.currentDeployment),
          await deployedConfig(db, deps.cipher, d),
          secretKeys,
        );
    }
    services.push({
      name: s.name,
      path: s.path,
      built: true as const,
      changedFiles: changed,
      region: i.region,
      removedAt: i.removedAt,
      url: d
        ? deploymentLink(
            runtimeAddress(deps.env),
            { orgSlug: app.org.slug, appSlug: app.slug, stage: opts.stage, serviceName: s.name },
            d.config,
          )
        : null,
      deployment: d ? { commitSha: d.commitSha, commitUrl: commitUrl(d.commitSha), createdAt: d.createdAt } : null,
      build: b && {
        id: b.id,
        number: b.number,
        kind: b.kind,
        status: b.status,
        commitSha: b.commitSha,
        commitUrl: commitUrl(b.commitSha),
        commitMessage: b.commitMessage,
        startedAt: b.startedAt,
        finishedAt: b.finishedAt,
        error: b.error ? mask(b.error) : null,
        steps: b.steps,
        failure: failedStep ? { step: failedStep.name, lines: failureExcerpt(b.log, failedStep.name).map(mask) } : null,
      },
      outputs: d
        ? Object.fromEntries(Object.entries((d.outputs[0]?.values ?? {}) as Record<string, unknown>).map(([k, v]) => [k, maskValue(v)]))
        : {},
      baseStage,
      configChanges,
    });
  }
  return {
    app: { slug: app.slug, name: app.name },
    stage: opts.stage,
    branch,
    baseBranch,
    head: headSha ? { sha: headSha, url: commitUrl(headSha) } : null,
    pullRequest: pr && {
      number: pr.number,
      open: pr.open,
      url: app.repository.githubRepo ? `https://github.com/${app.repository.githubRepo}/pull/${pr.number}` : null,
    },
    destroyed: instances.every((i) => i.removedAt) ? instances.map((i) => i.removedAt!).sort((a, b) => b.getTime() - a.getTime())[0] : null,
    gitError,
    commits: commits.map((c) => ({ ...c, url: commitUrl(c.sha) })),
    files,
    services,
  };
}
