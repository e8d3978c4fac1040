import type { Db } from "../../db";
import type { NotificationQueue } from "../../notify-queue";

/** The events a channel's rule can choose; `test` is only ever sent by "Send a test". */
export const EVENT_TYPES = [
  "build.started",
  "build.succeeded",
  "build.failed",
  "preview.ready",
  "preview.destroyed",
  "release.promoted",
  "release.rolled_back",
  "approval.needed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType | "test", string> = {
  "build.started": "Build started",
  "build.succeeded": "Build succeeded",
  "build.failed": "Build failed",
  "preview.ready": "Preview ready",
  "preview.destroyed": "Preview destroyed",
  "release.promoted": "Promoted to prod",
  "release.rolled_back": "Prod rolled back",
  "approval.needed": "Approval needed",
  test: "Test notification",
};

/**
 * What every channel renders, and what the generic webhook sends as its JSON body (documented in
 * the README). `summary` is one human sentence; `url` is where to look in Slipway.
 */
export interface EventPayload {
  summary: string;
  url: string;
  link?: string | null;
  build?: Record<string, unknown>;
  outputs?: Record<string, unknown> | null;
  release?: Record<string, unknown>;
  approval?: Record<string, unknown>;
}

/** What emitting needs: the database and the notifications queue. */
export interface EventSink {
  db: Db;
  queue: NotificationQueue;
}
