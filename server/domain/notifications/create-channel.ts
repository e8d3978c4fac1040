import { randomBytes } from "node:crypto";
import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { recordAudit } from "../audit/record-audit";
import { findApp } from "../apps/find-app";
import type { CreateChannelInput } from "./channel-input";
import { checkServices } from "./find-channel";
import type { ChannelSecrets } from "./send-to-channel";

/**
 * Adds a notification channel to an app. Its URL (Slack's holds a token) and SMTP credentials are
 * encrypted at rest and never shown again; only the host is kept in clear to recognise it. A
 * webhook channel gets a signing secret, returned this once for the receiver's configuration.
 */
export async function createChannel(db: Db, cipher: Cipher, orgId: string, actorId: string, input: CreateChannelInput) {
  const app = await findApp(db, orgId, input.appSlug);
  await checkServices(db, app.id, input.services);
  const signingSecret = input.kind === "WEBHOOK" ? `whsec_${randomBytes(24).toString("hex")}` : undefined;
  const secrets: ChannelSecrets =
    input.kind === "EMAIL" ? { smtpUrl: input.smtpUrl } : { url: input.url, ...(signingSecret && { signingSecret }) };
  const targetHint =
    input.kind === "EMAIL" ? (input.smtpUrl ? `via ${new URL(input.smtpUrl).hostname}` : "via the server's SMTP") : new URL(input.url).host;
  const channel = await db.$transaction(async (tx) => {
    const created = await tx.notificationChannel.create({
      data: {
        orgId,
        appId: app.id,
        name: input.name,
        kind: input.kind,
        secretCipher: cipher.encrypt(JSON.stringify(secrets)),
        targetHint,
        recipients: input.kind === "EMAIL" ? input.recipients : [],
        events: input.events,
        stages: input.stages,
        services: input.services,
      },
    });
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "notifications.channel-create",
      target: `${app.slug}/${input.name}`,
      after: { kind: input.kind, target: targetHint, events: input.events, stages: input.stages, services: input.services },
    });
    return created;
  });
  return { id: channel.id, signingSecret: signingSecret ?? null };
}
