/** The events a rule can pick, as the settings page names them (mirrors server/domain/notifications/events.ts). */
export const EVENT_OPTIONS = [
  { value: "build.started", label: "Build started" },
  { value: "build.succeeded", label: "Build succeeded" },
  { value: "build.failed", label: "Build failed" },
  { value: "preview.ready", label: "Preview ready" },
  { value: "preview.destroyed", label: "Preview destroyed" },
  { value: "release.promoted", label: "Promoted to prod" },
  { value: "release.rolled_back", label: "Prod rolled back" },
  { value: "approval.needed", label: "Approval needed" },
] as const;

export type EventValue = (typeof EVENT_OPTIONS)[number]["value"];

export const KIND_LABELS = { SLACK: "Slack", EMAIL: "Email", WEBHOOK: "Webhook" } as const;

export const splitList = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
