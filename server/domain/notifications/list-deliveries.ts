import type { Db } from "../../db";
import { findChannel } from "./find-channel";

/** A channel's delivery log, newest first: each delivery's event and every attempt with its answer. */
export async function listDeliveries(db: Db, orgId: string, appSlug: string, channelId: string) {
  const { channel } = await findChannel(db, orgId, appSlug, channelId);
  const deliveries = await db.notificationDelivery.findMany({
    where: { channelId: channel.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { event: { select: { type: true, stage: true, service: true, payload: true } }, attemptLog: { orderBy: { number: "asc" } } },
  });
  return deliveries.map((d) => ({
    id: d.id,
    status: d.status,
    test: d.test,
    createdAt: d.createdAt,
    finishedAt: d.finishedAt,
    event: {
      type: d.event.type,
      stage: d.event.stage,
      service: d.event.service,
      summary: String((d.event.payload as { summary?: unknown }).summary ?? ""),
    },
    attempts: d.attemptLog.map((a) => ({
      number: a.number,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      ok: a.ok,
      statusCode: a.statusCode,
      error: a.error,
    })),
  }));
}
