import type { AppDeps } from "../../deps";
import type { EventPayload } from "./events";
import { sendToChannel, type ChannelSecrets } from "./send-to-channel";

/** Sends are bounded by NOTIFY_TIMEOUT_MS; email goes through SMTP_URL (unless the channel has its own) from SMTP_FROM. */
export type DeliverDeps = Pick<AppDeps, "db" | "cipher" | "env">;

export class DeliveryAttemptFailed extends Error {}

/**
 * One attempt of a delivery (the notifications queue calls it, attempt 1…N): send, record the
 * attempt and what the channel answered, and settle the delivery — SUCCEEDED, RETRYING (the
 * queue tries again after its backoff: this throws) or FAILED after the last attempt.
 */
export async function deliverNotification(
  deps: DeliverDeps,
  deliveryId: string,
  attempt: { number: number; last: boolean },
): Promise<"sent" | "failed" | "gone"> {
  const { db } = deps;
  const d = await db.notificationDelivery.findUnique({
    where: { id: deliveryId },
    include: { channel: { include: { app: { include: { org: true } } } }, event: true },
  });
  if (!d || d.status === "SUCCEEDED" || d.status === "FAILED") return "gone";
  const startedAt = new Date();
  const secrets = JSON.parse(deps.cipher.decrypt(d.channel.secretCipher)) as ChannelSecrets;
  const result = await sendToChannel(
    d.channel.kind,
    secrets,
    d.channel.recipients,
    {
      id: d.event.id,
      type: d.event.type,
      createdAt: d.event.createdAt.toISOString(),
      test: d.test,
      org: d.channel.app.org.slug,
      app: d.channel.app.slug,
      stage: d.event.stage,
      service: d.event.service,
      payload: d.event.payload as unknown as EventPayload,
    },
    { timeoutMs: deps.env.NOTIFY_TIMEOUT_MS, smtpUrl: deps.env.SMTP_URL, smtpFrom: deps.env.SMTP_FROM, deliveryId },
  );
  const status = result.ok ? "SUCCEEDED" : attempt.last ? "FAILED" : "RETRYING";
  await db.$transaction([
    db.notificationAttempt.upsert({
      where: { deliveryId_number: { deliveryId, number: attempt.number } },
      create: {
        deliveryId,
        number: attempt.number,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        ok: result.ok,
        statusCode: result.statusCode ?? null,
        error: result.error ?? null,
      },
      update: {},
    }),
    db.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status, attempts: attempt.number, ...(status !== "RETRYING" && { finishedAt: new Date() }) },
    }),
  ]);
  if (status === "RETRYING") throw new DeliveryAttemptFailed(result.error ?? "failed");
  return result.ok ? "sent" : "failed";
}
