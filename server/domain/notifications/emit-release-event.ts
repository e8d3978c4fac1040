import { emitEvent } from "./emit-event";
import type { EventSink } from "./events";
import { logger } from "../../logger";

export interface ReleaseNotify {
  sink: EventSink;
  dashboardUrl: string;
}

/**
 * `release.promoted` or `release.rolled_back` once a release has been pushed (or switched). Best
 * effort: the release has happened whatever a channel does, so an error here is logged only.
 */
export async function emitReleaseEvent(notify: ReleaseNotify | undefined, releaseId: string): Promise<void> {
  if (!notify) return;
  try {
    const { db } = notify.sink;
    const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, include: { app: { include: { services: true } } } });
    const service = release.serviceId ? (release.app.services.find((s) => s.id === release.serviceId)?.name ?? null) : null;
    const actor = release.actorId
      ? await db.user.findUnique({ where: { id: release.actorId }, select: { name: true, email: true } })
      : null;
    const promoted = release.kind === "PROMOTE";
    const who = actor ? ` by ${actor.name || actor.email}` : "";
    const what = service ?? "all services";
    await emitEvent(notify.sink, {
      appId: release.appId,
      type: promoted ? "release.promoted" : "release.rolled_back",
      stage: "prod",
      service,
      payload: {
        summary: promoted
          ? `${release.app.name}: staging promoted to prod (${what})${who}${release.toSha ? ` at ${release.toSha.slice(0, 7)}` : ""}`
          : release.kind === "ROLLBACK_UNDO"
            ? `${release.app.name}: prod rollback undone (${what} serves its newest deployment again)${who}`
            : release.kind === "ROLLBACK_PERMANENT"
              ? `${release.app.name}: prod rollback made permanent (${what}, reverted on the prod branch)${who}`
              : `${release.app.name}: prod rolled back (${what}, ${release.kind === "ROLLBACK_INSTANT" ? "instant" : "revert"})${who}`,
        url: `${notify.dashboardUrl.replace(/\/+$/, "")}/apps/${encodeURIComponent(release.app.slug)}/release`,
        release: {
          id: release.id,
          kind: release.kind,
          fromSha: release.fromSha,
          toSha: release.toSha,
          note: release.note,
          buildIds: release.buildIds,
          actor: actor ? { name: actor.name, email: actor.email } : null,
        },
      },
    });
  } catch (e) {
    logger().error({ releaseId }, `[notifications] release ${releaseId}: ${(e as Error).message}`);
  }
}
