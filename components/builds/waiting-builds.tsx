"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { RelativeTime } from "@/components/ui/relative-time";

/** The dashboard's notification: builds waiting for the viewer's approval, or for an admin's freeze override. */
export function WaitingBuilds() {
  const trpc = useTRPC();
  const waiting = useQuery(trpc.builds.waiting.queryOptions(undefined, { refetchInterval: 5000 }));
  const list = waiting.data ?? [];
  if (list.length === 0) return null;
  return (
    <Card className="mb-6 border-warning-200" data-testid="waiting-builds">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Waiting for you{" "}
          <Badge tone="warning" data-testid="waiting-count">
            {list.length}
          </Badge>
        </CardTitle>
      </CardHeader>
      <ul className="divide-y divide-border text-sm">
        {list.map((b) => (
          <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2" data-testid={`waiting-${b.id}`}>
            <Link href={`/builds/${b.id}`} className="font-medium text-fg hover:underline">
              {b.app.name} · {b.service} → {b.stage} #{b.number}
            </Link>
            <span className="flex items-center gap-2 text-fg-muted">
              <Code>{b.commitSha.slice(0, 7)}</Code> {b.commitMessage}
              <Badge tone={b.waitingFor === "approval" ? "warning" : "accent"}>
                {b.waitingFor === "approval" ? "needs your approval" : "held by a freeze"}
              </Badge>
              <RelativeTime date={b.createdAt} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
