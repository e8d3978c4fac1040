"use client";

import Link from "next/link";
import { Hammer } from "lucide-react";
import type { RunStatus } from "@/components/ui/status-badge";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TBody, THead, Td, Th, Tr } from "@/components/ui/table";
import { RelativeTime } from "@/components/ui/relative-time";
import { Duration } from "@/components/ui/duration";
import { LiveDuration } from "@/components/ui/live-duration";
import { EmptyState } from "@/components/ui/empty-state";
import { Code } from "@/components/ui/code";

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

export function BuildsTable({ builds, showTriggeredBy = false }: { builds: BuildRow[]; showTriggeredBy?: boolean }) {
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
          <Tr key={b.id} data-testid="build-row">
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
            <Td><StatusBadge status={b.status} size="sm" /></Td>
            <Td className="whitespace-nowrap">{b.service} → <span className="font-medium">{b.stage}</span></Td>
            {b.kind === "REMOVE" ? (
              // A removal ships no commit: its message (why) is shown with the build, not as a commit.
              <Td className="text-fg-subtle">—</Td>
            ) : (
              <Td className="max-w-xs truncate" title={b.commitMessage}>
                <Code>{b.commitSha.slice(0, 7)}</Code> <span className="text-fg-muted">{b.branch ? `${b.branch} · ` : ""}{b.commitMessage}</span>
              </Td>
            )}
            {showTriggeredBy && <Td className="whitespace-nowrap text-fg-muted" data-testid="build-triggered-by">{b.triggeredBy ?? b.trigger}</Td>}
            <Td>
              {b.startedAt && b.finishedAt ? (
                <Duration ms={+new Date(b.finishedAt) - +new Date(b.startedAt)} />
              ) : b.startedAt && b.status === "RUNNING" ? (
                <span className="text-fg-muted">running for <LiveDuration since={b.startedAt} /></span>
              ) : (
                "—"
              )}
            </Td>
            <Td className="whitespace-nowrap"><RelativeTime date={b.createdAt} /></Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
