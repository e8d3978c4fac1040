import type { BuildStatus } from "@prisma/client";
import type { AppDeps } from "../../deps";
import { instanceUrl, type RuntimeAddress } from "../deployments/instance-url";
import type { CommitState, GitHubReporter } from "./github-reporter";
import { renderComment } from "./render-comment";
import { summarizeChecks } from "../safeguards/stage-safeguards";

/**
 * What reporting to GitHub needs: the process's GitHub access (orgs with a GitHub App use it; others
 * GITHUB_TOKEN when set), build pages under NEXTAUTH_URL, and where preview links point (the runtime).
 */
export type ReportDeps = Pick<AppDeps, "db" | "redis" | "env" | "github"> & { runtimeUrl: RuntimeAddress };

export const reportDeps = (deps: Pick<AppDeps, "db" | "redis" | "env" | "github">, runtimeUrl: RuntimeAddress): ReportDeps => ({
  db: deps.db,
  redis: deps.redis,
  env: deps.env,
  github: deps.github,
  runtimeUrl,
});

const STATE: Record<BuildStatus, CommitState> = {
  QUEUED: "pending",
  RUNNING: "pending",
  SUCCEEDED: "success",
  FAILED: "failure",
  CANCELED: "error",
  SUPERSEDED: "error",
  REJECTED: "failure",
};

const buildPage = (deps: ReportDeps, id: string) => `${deps.env.NEXTAUTH_URL.replace(/\/+$/, "")}/builds/${id}`;

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
  const reporter = await deps.github.forRepo(app.orgId, repo);
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
async function withLock<T>(redis: AppDeps["redis"], key: string, fn: () => Promise<T>): Promise<T> {
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
  await withLock(deps.redis, `${deps.env.REDIS_PREFIX}:github-comment-lock:${pullRequestId}`, async () => {
    const pr = await deps.db.pullRequest.findUniqueOrThrow({
      where: { id: pullRequestId },
      include: { app: { include: { repository: true, org: true, services: { orderBy: { name: "asc" } } } } },
    });
    const repo = pr.app.repository.githubRepo;
    if (!repo) return;
    // A reporter speaks for one repository (installation tokens are scoped to it): reuse it only for that one.
    const reporter = known && known.repo === repo ? known.reporter : await deps.github.forRepo(pr.app.orgId, repo);
    if (!reporter) return;
    const body = await renderComment(deps, pr);
    const id = await reporter.upsertComment(repo, pr.number, pr.commentId, body);
    if (id !== pr.commentId) await deps.db.pullRequest.update({ where: { id: pr.id }, data: { commentId: id } });
  });
}
