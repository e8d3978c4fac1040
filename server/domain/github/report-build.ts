import type { Redis } from "ioredis";
import type { BuildStatus } from "@prisma/client";
import type { Db } from "../../db";
import { instanceUrl, type RuntimeAddress } from "../deployments/instance-url";
import { createGitHubReporter, type CommitState, type GitHubReporter } from "./github-reporter";
import { summarizeChecks } from "../safeguards/stage-safeguards";

export interface ReportDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  reporter: GitHubReporter;
  /** Where build pages live (the dashboard) and where preview links point (the runtime). */
  dashboardUrl: string;
  runtimeUrl: RuntimeAddress;
}

/** A reporter when a GitHub token is configured; without one Slipway reports nothing to GitHub. */
export function reporterFromEnv(env: { GITHUB_API_URL: string; GITHUB_TOKEN?: string }): GitHubReporter | null {
  return env.GITHUB_TOKEN ? createGitHubReporter({ apiUrl: env.GITHUB_API_URL, token: env.GITHUB_TOKEN }) : null;
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

/**
 * Tells GitHub where a build is: a commit status per service (`slipway/<service>`) and, when the
 * build's branch is the head of a pull request, that PR's one Slipway comment. Only for apps whose
 * repository is on GitHub.
 */
export async function reportBuild(deps: ReportDeps, buildId: string): Promise<void> {
  const build = await deps.db.build.findUnique({
    where: { id: buildId },
    include: { service: { include: { app: { include: { repository: true, org: true } } } }, instance: true, safeguardChecks: true },
  });
  const app = build?.service.app;
  const repo = app?.repository.githubRepo;
  if (!build || !app || !repo) return;
  if (build.kind === "DEPLOY") {
    const link = instanceUrl(deps.runtimeUrl, { orgSlug: app.org.slug, appSlug: app.slug, stage: build.instance.stage, serviceName: build.service.name });
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
    await deps.reporter.setStatus(repo, build.commitSha, {
      state: STATE[build.status],
      context: `slipway/${build.service.name}`,
      description,
      targetUrl: build.status === "SUCCEEDED" ? link : `${deps.dashboardUrl.replace(/\/+$/, "")}/builds/${build.id}`,
    });
  }
  if (!build.branch) return;
  const prs = await deps.db.pullRequest.findMany({ where: { appId: app.id, headBranch: build.branch }, orderBy: { updatedAt: "desc" }, take: 3 });
  for (const pr of prs) await syncPullRequestComment(deps, pr.id);
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
export async function syncPullRequestComment(deps: ReportDeps, pullRequestId: string): Promise<void> {
  await withLock(deps.redis, `${deps.prefix}:github-comment-lock:${pullRequestId}`, async () => {
    const pr = await deps.db.pullRequest.findUniqueOrThrow({
      where: { id: pullRequestId },
      include: { app: { include: { repository: true, org: true, services: { orderBy: { name: "asc" } } } } },
    });
    const repo = pr.app.repository.githubRepo;
    if (!repo) return;
    const body = await renderComment(deps, pr);
    const id = await deps.reporter.upsertComment(repo, pr.number, pr.commentId, body);
    if (id !== pr.commentId) await deps.db.pullRequest.update({ where: { id: pr.id }, data: { commentId: id } });
  });
}

const LABEL: Record<BuildStatus, string> = {
  QUEUED: "⏳ Queued",
  RUNNING: "🔨 Building",
  SUCCEEDED: "✅ Ready",
  FAILED: "❌ Failed",
  CANCELED: "⛔ Cancelled",
  SUPERSEDED: "⏭️ Superseded",
  REJECTED: "🛑 Rejected",
};

type PrWithApp = Awaited<ReturnType<Db["pullRequest"]["findUniqueOrThrow"]>> & {
  app: { id: string; slug: string; org: { slug: string }; services: { id: string; name: string }[] };
};

async function renderComment(deps: ReportDeps, pr: PrWithApp): Promise<string> {
  const rows: string[] = [];
  const notes: string[] = [];
  for (const service of pr.app.services) {
    const build = await deps.db.build.findFirst({
      where: { serviceId: service.id, branch: pr.headBranch },
      orderBy: { number: "desc" },
      include: { instance: true, safeguardChecks: true },
    });
    if (!build) continue;
    const i = build.instance;
    const live = i.currentDeploymentId && !i.removedAt;
    const link = live ? instanceUrl(deps.runtimeUrl, { orgSlug: pr.app.org.slug, appSlug: pr.app.slug, stage: i.stage, serviceName: service.name }) : null;
    const status = build.kind === "REMOVE" && build.status === "SUCCEEDED" ? "🗑️ Destroyed" : `${LABEL[build.status]}${build.kind === "REMOVE" ? " (destroy)" : ""}`;
    const buildLink = `[#${build.number}](${deps.dashboardUrl.replace(/\/+$/, "")}/builds/${build.id})`;
    for (const c of build.safeguardChecks.filter((c) => !c.passed)) notes.push(`> ${c.level === "ERROR" ? "❌" : "⚠️"} ${service.name}@\`${i.stage}\` safeguard ${c.policy}: ${c.message}`);
    rows.push(`| ${service.name} | \`${i.stage}\` | ${status} | ${link ? `[Preview](${link})` : "—"} | \`${build.commitSha.slice(0, 7)}\` | ${buildLink} |`);
  }
  return [
    "<!-- slipway:preview -->",
    `**Slipway preview** of \`${pr.headBranch}\`${pr.open ? "" : " (pull request closed)"}`,
    "",
    rows.length ? "| Service | Stage | Status | Link | Commit | Build |\n| --- | --- | --- | --- | --- | --- |" : "No service builds for this branch yet.",
    ...rows,
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
}
