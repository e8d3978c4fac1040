import type { BuildStatus } from "@prisma/client";
import type { AppDeps } from "../../deps";
import { instanceUrl, type RuntimeAddress } from "../deployments/instance-url";
import { failureSummary, safeguardNotes } from "../notifications/build-summary";
import { previewPagePath } from "../previews/preview-path";

const LABEL: Record<BuildStatus, string> = {
  QUEUED: "⏳ Queued",
  RUNNING: "🔨 Building",
  SUCCEEDED: "✅ Ready",
  FAILED: "❌ Failed",
  CANCELED: "⛔ Cancelled",
  SUPERSEDED: "⏭️ Superseded",
  REJECTED: "🛑 Rejected",
};

interface CommentPr {
  headBranch: string;
  open: boolean;
  app: { id: string; slug: string; org: { slug: string }; services: { id: string; name: string }[] };
}

/** Markdown table cells hold no pipes or newlines. */
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
/** Log lines inside a fence must not close it. */
const fenced = (lines: string[]) => ["```", ...lines.map((l) => l.replace(/```/g, "ˋˋˋ")), "```"];

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

/**
 * The pull request's one comment: a link to the preview's reviewer page, a row per service (status, link, duration, build) and, below,
 * what a reviewer needs without opening Slipway: each service's published outputs (plain values:
 * a deploy that would publish a secret fails), the safeguards that did not pass, and for a failure the failing
 * step with the last lines of its (already masked) log.
 */
export async function renderComment(deps: Pick<AppDeps, "db" | "env"> & { runtimeUrl: RuntimeAddress }, pr: CommentPr): Promise<string> {
  const rows: string[] = [];
  const details: string[] = [];
  const dashboard = deps.env.NEXTAUTH_URL.replace(/\/+$/, "");
  let stage: string | null = null;
  for (const service of pr.app.services) {
    const build = await deps.db.build.findFirst({
      where: { serviceId: service.id, branch: pr.headBranch },
      orderBy: { number: "desc" },
      include: {
        instance: true,
        steps: { orderBy: { position: "asc" } },
        deployment: { include: { outputs: true } },
        safeguardChecks: true,
      },
    });
    if (!build) continue;
    const i = build.instance;
    stage ??= i.stage;
    const live = i.currentDeploymentId && !i.removedAt;
    const link = live
      ? instanceUrl(deps.runtimeUrl, { orgSlug: pr.app.org.slug, appSlug: pr.app.slug, stage: i.stage, serviceName: service.name })
      : null;
    const status =
      build.kind === "REMOVE" && build.status === "SUCCEEDED"
        ? "🗑️ Destroyed"
        : `${LABEL[build.status]}${build.kind === "REMOVE" ? " (destroy)" : ""}`;
    const duration = build.startedAt && build.finishedAt ? formatDuration(build.finishedAt.getTime() - build.startedAt.getTime()) : "—";
    const buildLink = `[#${build.number}](${dashboard}/builds/${build.id})`;
    rows.push(
      `| ${service.name} | \`${i.stage}\` | ${status} | ${link ? `[Preview](${link})` : "—"} | ${duration} | \`${build.commitSha.slice(0, 7)}\` | ${buildLink} |`,
    );

    const part: string[] = [];
    const outputs =
      build.kind === "DEPLOY" && build.status === "SUCCEEDED"
        ? (build.deployment?.outputs[0]?.values as Record<string, unknown> | undefined)
        : undefined;
    if (outputs && Object.keys(outputs).length) {
      part.push("", "| Output | Value |", "| --- | --- |");
      for (const [k, v] of Object.entries(outputs))
        part.push(`| \`${cell(k)}\` | \`${cell(String(typeof v === "string" ? v : JSON.stringify(v)).slice(0, 200))}\` |`);
    }
    const notes = safeguardNotes(build.safeguardChecks);
    if (notes.length) part.push("", ...notes.map((n) => `> ${n}`));
    const failure = build.status === "FAILED" ? failureSummary(build) : null;
    if (failure) part.push("", `Failed at **${failure.step}**: ${cell(failure.error)}`, "", ...fenced(failure.logTail));
    if (part.length)
      details.push("", `<details${failure ? " open" : ""}><summary><b>${service.name}</b></summary>`, ...part, "", "</details>");
  }
  return [
    "<!-- slipway:preview -->",
    `**Slipway preview** of \`${pr.headBranch}\`${pr.open ? "" : " (pull request closed)"}`,
    // The reviewer's page: every link, build, output and change of this preview on one page.
    ...(stage ? ["", `**[Review this preview in Slipway →](${dashboard}${previewPagePath(pr.app.slug, stage)})**`] : []),
    "",
    rows.length
      ? "| Service | Stage | Status | Link | Duration | Commit | Build |\n| --- | --- | --- | --- | --- | --- | --- |"
      : "No service builds for this branch yet.",
    ...rows,
    ...details,
  ].join("\n");
}
