import type { Prisma } from "@prisma/client";
import type { EventPayload, EventSink, EventType } from "./events";

export interface EmitInput {
  appId: string;
  type: EventType;
  stage?: string | null;
  /** The service's name (what rules filter on). */
  service?: string | null;
  buildId?: string | null;
  payload: EventPayload;
}

/**
 * Something happened to an app: record it once for every enabled channel whose rule wants it
 * (its events, and its stages and services when it names some), and queue one delivery per
 * channel. Only rows and queue entries are written here, never a network call to a channel, so
 * the caller (a build, a release) moves on at once. Returns the deliveries queued.
 */
export async function emitEvent(sink: EventSink, input: EmitInput): Promise<string[]> {
  const { db } = sink;
  const channels = await db.notificationChannel.findMany({ where: { appId: input.appId, enabled: true, events: { has: input.type } } });
  const wanted = channels.filter(
    (c) =>
      (c.stages.length === 0 || (input.stage != null && c.stages.includes(input.stage))) &&
      (c.services.length === 0 || (input.service != null && c.services.includes(input.service))),
  );
  if (wanted.length === 0) return [];
  const app = await db.app.findUniqueOrThrow({ where: { id: input.appId }, select: { orgId: true } });
  const ids = await db.$transaction(async (tx) => {
    const event = await tx.notificationEvent.create({
      data: {
        orgId: app.orgId,
        appId: input.appId,
        type: input.type,
        stage: input.stage ?? null,
        service: input.service ?? null,
        buildId: input.buildId ?? null,
        payload: input.payload as unknown as Prisma.InputJsonValue,
      },
    });
    const created: string[] = [];
    for (const c of wanted) created.push((await tx.notificationDelivery.create({ data: { channelId: c.id, eventId: event.id } })).id);
    return created;
  });
  for (const id of ids) await sink.queue.enqueue(id);
  return ids;
}
