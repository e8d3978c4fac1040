import { EVENT_LABELS, type EventPayload } from "./events";

/** An event as the channels show it: a Slack Block Kit message, an email, the webhook's JSON. */
export interface RenderedEvent {
  id: string;
  type: string;
  createdAt: string;
  test: boolean;
  org: string;
  app: string;
  stage: string | null;
  service: string | null;
  payload: EventPayload;
}

const label = (type: string) => EVENT_LABELS[type as keyof typeof EVENT_LABELS] ?? type;
/** Slack's mrkdwn treats these three as control characters. */
const slackText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function webhookBody(e: RenderedEvent): string {
  return JSON.stringify({
    id: e.id,
    type: e.type,
    createdAt: e.createdAt,
    test: e.test,
    org: e.org,
    app: e.app,
    stage: e.stage,
    service: e.service,
    ...e.payload,
  });
}

export function slackMessage(e: RenderedEvent) {
  const p = e.payload;
  const context = [
    `*${slackText(e.app)}*`,
    e.stage && `stage \`${slackText(e.stage)}\``,
    e.service && `service \`${slackText(e.service)}\``,
  ]
    .filter(Boolean)
    .join(" · ");
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: `${label(e.type)}${e.test ? " (test)" : ""}`.slice(0, 150) } },
    { type: "section", text: { type: "mrkdwn", text: slackText(p.summary).slice(0, 2900) } },
    { type: "context", elements: [{ type: "mrkdwn", text: context }] },
  ];
  const tail = (p.build?.logTail as string[] | undefined) ?? [];
  if (tail.length)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: "```" + slackText(tail.slice(-10).join("\n")).slice(0, 2800) + "```" } });
  const buttons = [{ type: "button", text: { type: "plain_text", text: "Open in Slipway" }, url: p.url }];
  if (p.link) buttons.push({ type: "button", text: { type: "plain_text", text: "Open the preview" }, url: p.link });
  blocks.push({ type: "actions", elements: buttons });
  // `text` is the notification's fallback (phone banners, clients without blocks).
  return { text: `${label(e.type)}: ${p.summary}`, blocks };
}

const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function emailMessage(e: RenderedEvent) {
  const p = e.payload;
  const subject = `[${e.app}${e.stage ? `/${e.stage}` : ""}] ${label(e.type)}${e.test ? " (test)" : ""}: ${p.summary}`.slice(0, 200);
  const tail = (p.build?.logTail as string[] | undefined) ?? [];
  const text = [
    p.summary,
    "",
    `Open in Slipway: ${p.url}`,
    ...(p.link ? [`Preview: ${p.link}`] : []),
    ...(tail.length ? ["", ...tail] : []),
  ].join("\n");
  const htmlBody = [
    `<p>${html(p.summary)}</p>`,
    `<p><a href="${html(p.url)}">Open in Slipway</a>${p.link ? ` · <a href="${html(p.link)}">Open the preview</a>` : ""}</p>`,
    tail.length ? `<pre>${html(tail.join("\n"))}</pre>` : "",
  ].join("\n");
  return { subject, text, html: htmlBody };
}
