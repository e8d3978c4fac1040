import { deploymentLink } from "../deployments/instance-link";
import type { RuntimeAddress } from "../deployments/instance-url";
import { failureSummary } from "./build-summary";
import { emitEvent } from "./emit-event";
import type { EventSink, EventType } from "./events";

export interface BuildEventLinks {
  dashboardUrl: string;
  runtimeUrl: RuntimeAddress;
}

/**
 * The events of a build's life: `build.started` when it starts; when it ends `build.succeeded`
 * or `build.failed`, and for a preview stage also `preview.ready` (deployed) or
 * `preview.destroyed` (removed). A cancelled build tells nobody.
 */
export async function emitBuildEvents(
  sink: EventSink,
  links: BuildEventLinks,
  buildId: string,
  phase: "started" | "finished",
): Promise<string[]> {
  const build = await sink.db.build.findUnique({
    where: { id: buildId },
    include: {
      service: { include: { app: { include: { org: true } } } },
      instance: true,
      steps: { orderBy: { position: "asc" } },
      deployment: { include: { outputs: true } },
    },
  });
  if (!build) return [];
  const types: EventType[] = [];
  if (phase === "started") types.push("build.started");
  else if (build.status === "SUCCEEDED") {
    types.push("build.succeeded");
    if (build.instance.branch !== null) types.push(build.kind === "REMOVE" ? "preview.destroyed" : "preview.ready");
  } else if (build.status === "FAILED") types.push("build.failed");
  if (types.length === 0) return [];

  const app = build.service.app;
  const url = `${links.dashboardUrl.replace(/\/+$/, "")}/builds/${build.id}`;
  const live = build.kind === "DEPLOY" && build.status === "SUCCEEDED";
  // Only services with HTTP functions have something to open.
  const link =
    live && build.deployment
      ? deploymentLink(
          links.runtimeUrl,
          { orgSlug: app.org.slug, appSlug: app.slug, stage: build.instance.stage, serviceName: build.service.name },
          build.deployment.config,
        )
      : null;
  const failure = build.status === "FAILED" ? failureSummary(build) : null;
  const durationMs = build.startedAt && build.finishedAt ? build.finishedAt.getTime() - build.startedAt.getTime() : null;
  const what = build.kind === "REMOVE" ? "destroy of" : "deploy of";
  const ids: string[] = [];
  for (const type of types) {
    const summary =
      type === "build.started"
        ? `Build #${build.number} started: ${what} ${build.service.name} to ${build.instance.stage}`
        : type === "build.failed"
          ? `Build #${build.number} failed: ${what} ${build.service.name} to ${build.instance.stage}${failure ? ` (at ${failure.step}: ${failure.error})` : ""}`
          : type === "preview.ready"
            ? `Preview of ${build.branch ?? build.instance.stage} is ready: ${build.service.name}`
            : type === "preview.destroyed"
              ? `Preview ${build.instance.stage} destroyed: ${build.service.name}`
              : `Build #${build.number} succeeded: ${what} ${build.service.name} to ${build.instance.stage}`;
    ids.push(
      ...(await emitEvent(sink, {
        appId: app.id,
        type,
        stage: build.instance.stage,
        service: build.service.name,
        buildId: build.id,
        payload: {
          summary,
          url,
          link,
          build: {
            id: build.id,
            number: build.number,
            kind: build.kind,
            status: build.status,
            trigger: build.trigger,
            branch: build.branch,
            commit: { sha: build.commitSha, message: build.commitMessage, author: build.commitAuthor },
            startedAt: build.startedAt?.toISOString() ?? null,
            finishedAt: build.finishedAt?.toISOString() ?? null,
            durationMs,
            error: build.error,
            failedStep: failure?.step ?? null,
            logTail: failure?.logTail ?? [],
          },
          outputs: live ? ((build.deployment?.outputs[0]?.values as Record<string, unknown> | undefined) ?? null) : null,
        },
      })),
    );
  }
  return ids;
}
