import type { Redis } from "ioredis";
import type { BuildStatus } from "@prisma/client";
import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { instanceUrl, type RuntimeAddress } from "../deployments/instance-url";
import { createGitHubAccess, type GitHubAccess } from "./github-access";
import type { CommitState, GitHubReporter } from "./github-reporter";
import { renderComment } from "./render-comment";
import { summarizeChecks } from "../safeguards/stage-safeguards";

export interface ReportDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  /** Which credential speaks for an org on a repository (its GitHub App, or the server's token). */
  access: GitHubAccess;
  /** Where build pages live (the dashboard) and where preview links point (the runtime). */
  dashboardUrl: string;
  runtimeUrl: RuntimeAddress;
}

/** Reporting deps from the configuration: orgs with a GitHub App use it; others use GITHUB_TOKEN when set. */
export function reportDepsFromEnv(
  env: { GITHUB_API_URL: string; GITHUB_TOKEN?: string; REDIS_PREFIX: string; NEXTAUTH_URL: string },
  parts: { db: Db; redis: Redis; cipher: Cipher; runtimeUrl: RuntimeAddress },
): ReportDeps {
  const access = createGitHubAccess({ db: parts.db, cipher: parts.cipher, apiUrl: env.GITHUB_API_URL, personalToken: env.GITHUB_TOKEN });
  return {
    db: parts.db,
    redis: parts.redis,
    prefix: env.REDIS_PREFIX,
    access,
    dashboardUrl: env.NEXTAUTH_URL,
    runtimeUrl: parts.runtimeUrl,
  };
}

const STATE: Record<BuildStatus, CommitState> = {
  QUEUED: "pending",
  RUNNING: "pending",
  SUCCEEDED: "success",
  FAILED: "failure",
  CANCELED: "error",
  SUPERSEDED: "error",
  REJECTED: "failure",
};

const buildPage = (deps: ReportDeps, id: string) => `${deps.dashboardUrl.replace(/\/+$/, "")}/builds/${id}`;

/**
 * Tells GitHub where a build is: a commit status per service (`slipway/<service>`), a GitHub
 * Deployment of the instance with its status, and, when the build's branch is the head of a pull
 * request, that PR's one Slipway comment. Only for apps whose repository is on GitHub.
 */
export async function reportBuild(deps: ReportDeps, buildId: string): Promise<void> {
  const build = await deps.db.build.findUnique({
    where: { id: buildId },
    include: { service: { include: { app: { include: { repository: true, org: true } } } }, instance: true, safeguardChecks: true },
  });
  const app = build?.service.app;
  const repo = app?.repository.githubRepo;
  if (!build || !app || !repo) return;
  const reporter = await deps.access.forRepo(app.orgId, repo);
  if (!reporter) return;
  const link = instanceUrl(deps.runtimeUrl, {
    orgSlug: app.org.slug,
    appSlug: app.slug,
    stage: build.instance.stage,
    serviceName: build.service.name,
  });
  if (build.kind === "DEPLOY") {
    const checks = build.safeguardChecks.length ? ` · safeguards: ${summarizeChecks(build.safeguardChecks)}` : "";
    const description =
      build.status === "SUCCEEDED"
        ? `Deployed to ${build.instance.stage}${checks}`
        : build.status === "QUEUED" && build.needsApproval && !build.approvedAt
          ? `Waiting for approval to deploy to ${build.instance.stage}`
          : build.status === "FAILED"
            ? `Failed: ${build.error ?? "see the build log"}`
            : build.status === "RUNNING" || build.status === "QUEUED"
              ? `Building for ${build.instance.stage}…`
              : `${build.status.toLowerCase()}`;
    await reporter.setStatus(repo, build.commitSha, {
      state: STATE[build.status],
      context: `slipway/${build.service.name}`,
      description,
      targetUrl: build.status === "SUCCEEDED" ? link : buildPage(deps, build.id),
    });
    await reportDeployment(deps, reporter, repo, build, link, description);
  } else if (build.status === "SUCCEEDED") {
    await markDestroyed(deps, reporter, repo, build.instanceId);
  }
  if (!build.branch) return;
  const prs = await deps.db.pullRequest.findMany({
    where: { appId: app.id, headBranch: build.branch },
    orderBy: { updatedAt: "desc" },
    take: 3,
  });
  for (const pr of prs) await syncPullRequestComment(deps, pr.id, { repo, reporter });
}

type ReportedBuild = {
  id: string;
  instanceId: string;
  status: BuildStatus;
  startedAt: Date | null;
  commitSha: string;
  instance: { stage: string; branch: string | null };
  service: { name: string };
};

/** One GitHub Deployment per build: created when it starts, then in_progress → success (with the link) or failure. */
async function reportDeployment(
  deps: ReportDeps,
  reporter: GitHubReporter,
  repo: string,
  build: ReportedBuild,
  link: string,
  description: string,
) {
  // A build that never started (queued, waiting for approval, rejected) has no deployment to show.
  if (build.status === "QUEUED" || !build.startedAt) return;
  let row = await deps.db.gitHubDeployment.findUnique({ where: { buildId: build.id } });
  if (!row) {
    const environment = `${build.instance.stage} – ${build.service.name}`;
    const deploymentId = await reporter.createDeployment(repo, {
      sha: build.commitSha,
      environment,
      description: `Slipway: ${build.service.name} → ${build.instance.stage}`,
      transient: build.instance.branch !== null,
      production: build.instance.stage === "prod",
    });
    row = await deps.db.gitHubDeployment.create({
      data: { buildId: build.id, instanceId: build.instanceId, repo, deploymentId, environment },
    });
  }
  const state =
    build.status === "RUNNING" ? "in_progress" : build.status === "SUCCEEDED" ? "success" : build.status === "FAILED" ? "failure" : "error";
  await reporter.setDeploymentStatus(repo, row.deploymentId, {
    state,
    description,
    environmentUrl: state === "success" ? link : null,
    logUrl: buildPage(deps, build.id),
  });
}

/** A destroyed stage: every deployment GitHub knows of it becomes inactive, so the PR stops offering its link. */
async function markDestroyed(deps: ReportDeps, reporter: GitHubReporter, repo: string, instanceId: string) {
  const rows = await deps.db.gitHubDeployment.findMany({ where: { instanceId, repo }, orderBy: { createdAt: "desc" }, take: 20 });
  for (const row of rows) {
    await reporter.setDeploymentStatus(repo, row.deploymentId, { state: "inactive", description: "Stage destroyed" });
  }
}

/** Runs `fn` while holding a short Redis lock, so two builds ending together edit one comment, not post two. */
async function withLock<T>(redis: Redis, key: string, fn: () => Promise<T>): Promise<T> {
  const token = Math.random().toString(36).slice(2);
  const deadline = Date.now() + 20_000;
  while ((await redis.set(key, token, "PX", 20_000, "NX")) !== "OK") {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${key}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    await redis.eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, key, token);
  }
}

/** Creates or edits the pull request's one Slipway comment from what the database says now. */
export async function syncPullRequestComment(
  deps: ReportDeps,
  pullRequestId: string,
  known?: { repo: string; reporter: GitHubReporter },
): Promise<void> {
  await withLock(deps.redis, `${deps.prefix}:github-comment-lock:${pullRequestId}`, async () => {
    const pr = await deps.db.pullRequest.findUniqueOrThrow({
      where: { id: pullRequestId },
      include: { app: { include: { repository: true, org: true, services: { orderBy: { name: "asc" } } } } },
    });
    const repo = pr.app.repository.githubRepo;
    if (!repo) return;
    // A reporter speaks for one repository (installation tokens are scoped to it): reuse it only for that one.
    const reporter = known && known.repo === repo ? known.reporter : await deps.access.forRepo(pr.app.orgId, repo);
    if (!reporter) return;
    const body = await renderComment(deps, pr);
    const id = await reporter.upsertComment(repo, pr.number, pr.commentId, body);
    if (id !== pr.commentId) await deps.db.pullRequest.update({ where: { id: pr.id }, data: { commentId: id } });
  });
}
