import nodemailer from "nodemailer";
import type { NotificationChannelKind } from "@prisma/client";
import { emailMessage, slackMessage, webhookBody, type RenderedEvent } from "./render-message";
import { signWebhook, SIGNATURE_HEADER } from "./sign-webhook";

export interface ChannelSecrets {
  url?: string;
  signingSecret?: string;
  smtpUrl?: string;
}

export interface SendOptions {
  timeoutMs: number;
  /** The server's SMTP (SMTP_URL) for email channels without their own. */
  smtpUrl?: string;
  smtpFrom: string;
  deliveryId: string;
}

export interface SendResult {
  ok: boolean;
  statusCode?: number;
  error?: string;
}

/** Errors may quote a URL; a channel's URL holds its secret (Slack's token), so it never reaches the log. */
function scrub(message: string, secrets: ChannelSecrets): string {
  let out = message;
  for (const s of [secrets.url, secrets.smtpUrl, secrets.signingSecret]) if (s) out = out.split(s).join("[channel secret]");
  return out.slice(0, 500);
}

/** One attempt to deliver an event to a channel, bounded by the timeout; never throws. */
export async function sendToChannel(
  kind: NotificationChannelKind,
  secrets: ChannelSecrets,
  recipients: string[],
  event: RenderedEvent,
  opts: SendOptions,
): Promise<SendResult> {
  try {
    if (kind === "EMAIL") return await sendEmail(secrets, recipients, event, opts);
    const body = kind === "SLACK" ? JSON.stringify(slackMessage(event)) : webhookBody(event);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Slipway-Notifications" };
    if (kind === "WEBHOOK") {
      headers[SIGNATURE_HEADER] = signWebhook(secrets.signingSecret ?? "", body, Math.floor(Date.now() / 1000));
      headers["Slipway-Event"] = event.type;
      headers["Slipway-Delivery"] = opts.deliveryId;
    }
    const res = await fetch(secrets.url!, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const text = await res.text().catch(() => "");
    return res.ok
      ? { ok: true, statusCode: res.status }
      : { ok: false, statusCode: res.status, error: scrub(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`, secrets) };
  } catch (e) {
    const err = e as Error;
    const timedOut = err.name === "TimeoutError" || err.name === "AbortError";
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    return {
      ok: false,
      error: timedOut ? `timed out after ${opts.timeoutMs} ms` : scrub(cause ? `${err.message}: ${cause}` : err.message, secrets),
    };
  }
}

async function sendEmail(secrets: ChannelSecrets, recipients: string[], event: RenderedEvent, opts: SendOptions): Promise<SendResult> {
  const smtp = secrets.smtpUrl || opts.smtpUrl;
  if (!smtp) return { ok: false, error: "No SMTP server: set SMTP_URL on the server or give this channel its own." };
  const transport = nodemailer.createTransport({
    url: smtp,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const message = emailMessage(event);
    const sent = transport.sendMail({ from: opts.smtpFrom, to: recipients, ...message, headers: { "X-Slipway-Event": event.type } });
    const timeout = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { name: "TimeoutError" })), opts.timeoutMs)),
    );
    const info = await Promise.race([sent, timeout]);
    const code = Number(/^(\d{3})/.exec(String(info.response ?? ""))?.[1]) || 250;
    return { ok: true, statusCode: code };
  } catch (e) {
    const err = e as Error & { responseCode?: number };
    if (err.name === "TimeoutError") return { ok: false, error: `timed out after ${opts.timeoutMs} ms` };
    return { ok: false, statusCode: err.responseCode, error: scrub(err.message, secrets) };
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
