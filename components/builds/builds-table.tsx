"use client";

import Link from "next/link";
import { Fragment } from "react";
import { Hammer, Undo2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { releaseKindLabel } from "@/components/release/release-kind";
import type { RunStatus } from "@/components/ui/status-badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Duration } from "@/components/ui/duration";
import { LiveDuration } from "@/components/ui/live-duration";
import { EmptyState } from "@/components/ui/empty-state";
import { CommitSha } from "@/components/ui/commit-sha";

export interface BuildRow {
  id: string;
  number: number;
  status: RunStatus;
  kind: string;
  trigger: string;
  service: string;
  stage: string;
  branch: string | null;
  commitSha: string;
  commitMessage: string;
  /** The member who started it, else the commit's author. */
  triggeredBy?: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A promotion-free rollback (instant, undo, made permanent, revert) shown among builds: who, and from → to. */
export interface RollbackEntry {
  id: string;
  kind: string;
  status: string;
  service: string | null;
  actor: string | null;
  fromSha: string | null;
  toSha: string | null;
  note: string;
  createdAt: Date;
}

export type BuildMark = "serving" | "rolled-back" | "held";

const MARK: Record<BuildMark, { label: string; tone: "success" | "warning" | "neutral"; title: string }> = {
  serving: { label: "serving", tone: "success", title: "Prod serves this build's deployment (rolled back to it)" },
  "rolled-back": { label: "rolled back", tone: "warning", title: "Deployed, then rolled back: it no longer serves" },
  held: {
    label: "waits: prod rolled back",
    tone: "neutral",
    title: "A push to a rolled-back stage waits until the rollback is undone, made permanent, or deployed anyway",
  },
};

/**
 * Builds, newest first. `marks` says which builds a rollback changed the meaning of (the one serving,
 * the ones rolled back, the pushes that wait); `rollbacks` interleaves rollbacks as their own rows.
 */
export function BuildsTable({
  builds,
  showTriggeredBy = false,
  marks = {},
  rollbacks = [],
}: {
  builds: BuildRow[];
  showTriggeredBy?: boolean;
  marks?: Record<string, BuildMark>;
  rollbacks?: RollbackEntry[];
}) {
  // Rollbacks newer than the oldest build shown sit between the builds by time; older ones belong to later pages.
  const oldest = builds.length ? +new Date(builds[builds.length - 1].createdAt) : 0;
  const entries = rollbacks.filter((r) => +new Date(r.createdAt) >= oldest);
  const placed = new Set<string>();
  const newerThan = (b: BuildRow) => entries.filter((r) => !placed.has(r.id) && +new Date(r.createdAt) >= +new Date(b.createdAt));
  if (builds.length === 0) {
    return <EmptyState icon={Hammer} title="No builds yet" description="Builds appear here when a branch is pushed or deployed." />;
  }
  return (
    <Table data-testid="builds-table">
      <THead>
        <Tr>
          <Th>Build</Th>
          <Th>Status</Th>
          <Th>Service → stage</Th>
          <Th>Commit</Th>
          {showTriggeredBy && <Th>Triggered by</Th>}
          <Th>Duration</Th>
          <Th>Created</Th>
        </Tr>
      </THead>
      <TBody>
        {builds.map((b) => (
          <Fragment key={b.id}>
            {newerThan(b).map((r) => {
              placed.add(r.id);
              return <RollbackRow key={r.id} r={r} showTriggeredBy={showTriggeredBy} />;
            })}
            <Tr data-testid="build-row" data-mark={marks[b.id]}>
              <Td>
                <Link href={`/builds/${b.id}`} className="font-medium text-accent-700 hover:underline focus-ring rounded">
                  #{b.number}
                </Link>
                {b.kind === "REMOVE" && <span className="ml-2 text-xs text-fg-muted">remove</span>}
                {b.kind === "REMOVE" && b.commitMessage && (
                  <div className="max-w-48 truncate text-xs text-fg-muted" title={b.commitMessage} data-testid="build-removal-reason">
                    {b.commitMessage}
                  </div>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <StatusBadge status={b.status} size="sm" />
                {marks[b.id] && (
                  <Badge tone={MARK[marks[b.id]].tone} className="ml-1.5" title={MARK[marks[b.id]].title} data-testid="build-mark">
                    {MARK[marks[b.id]].label}
                  </Badge>
                )}
              </Td>
              <Td className="whitespace-nowrap">
                {b.service} → <span className="font-medium">{b.stage}</span>
              </Td>
              {b.kind === "REMOVE" ? (
                // A removal ships no commit: its message (why) is shown with the build, not as a commit.
                <Td className="text-fg-subtle">—</Td>
              ) : (
                <Td className="max-w-xs truncate" title={b.commitMessage}>
                  <CommitSha sha={b.commitSha} />{" "}
                  <span className="text-fg-muted">
                    {b.branch ? `${b.branch} · ` : ""}
                    {b.commitMessage}
                  </span>
                </Td>
              )}
              {showTriggeredBy && (
                <Td className="whitespace-nowrap text-fg-muted" data-testid="build-triggered-by">
                  {b.triggeredBy ?? b.trigger}
                </Td>
              )}
              <Td>
                {b.startedAt && b.finishedAt ? (
                  <Duration ms={+new Date(b.finishedAt) - +new Date(b.startedAt)} />
                ) : b.startedAt && b.status === "RUNNING" ? (
                  <span className="text-fg-muted">
                    running for <LiveDuration since={b.startedAt} />
                  </span>
                ) : (
                  "—"
                )}
              </Td>
              <Td className="whitespace-nowrap">
                <RelativeTime date={b.createdAt} />
              </Td>
            </Tr>
          </Fragment>
        ))}
      </TBody>
    </Table>
  );
}

function RollbackRow({ r, showTriggeredBy }: { r: RollbackEntry; showTriggeredBy: boolean }) {
  return (
    <Tr data-testid="rollback-row" data-kind={r.kind}>
      <Td className="whitespace-nowrap font-medium">
        <Undo2 className="mr-1 inline size-3.5 text-warning-700" aria-hidden="true" />
        <span className="first-letter:uppercase inline-block">{releaseKindLabel(r.kind)}</span>
      </Td>
      <Td>
        <Badge tone={r.status === "SUCCEEDED" ? "success" : r.status === "FAILED" ? "danger" : "accent"}>
          {r.status === "RUNNING" ? "Running" : r.status === "SUCCEEDED" ? "Done" : "Failed"}
        </Badge>
      </Td>
      <Td className="whitespace-nowrap">
        {r.service ?? "all"} → <span className="font-medium">prod</span>
      </Td>
      <Td className="max-w-xs truncate" title={r.note}>
        {r.fromSha && <CommitSha sha={r.fromSha} />} → {r.toSha ? <CommitSha sha={r.toSha} /> : "…"}
        {r.note && <span className="text-fg-muted"> · {r.note}</span>}
      </Td>
      {showTriggeredBy && (
        <Td className="whitespace-nowrap text-fg-muted" data-testid="rollback-actor">
          {r.actor ?? "—"}
        </Td>
      )}
      <Td>—</Td>
      <Td className="whitespace-nowrap">
        <RelativeTime date={r.createdAt} />
      </Td>
    </Tr>
  );
}
