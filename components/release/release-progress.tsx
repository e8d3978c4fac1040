"use client";

import { useState } from "react";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/trpc/client";
import { LogView } from "@/components/ui/log-view";

/**
 * The worker's progress lines of a release (fetch, merge or revert, push, builds), followed live
 * over SSE; a reconnect resumes after the last event it saw. Mount it keyed by the release id.
 */
export function ReleaseProgress({ releaseId, active }: { releaseId: string; active: boolean }) {
  const trpc = useTRPC();
  const [lines, setLines] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const sub = useSubscription(
    trpc.releases.log.subscriptionOptions(
      { id: releaseId },
      {
        enabled: !done,
        onData: (event) => {
          const batch = event.data;
          if (batch.lines.length) setLines((prev) => prev.concat(batch.lines));
          if (batch.done) setDone(true);
        },
      },
    ),
  );
  if (!active && lines.length === 0) return null;
  return (
    <div className="w-full" data-testid="release-log" data-done={done ? "true" : "false"}>
      {sub.error && <p className="text-sm text-danger-700">The live lines stopped: {sub.error.message}</p>}
      <LogView lines={lines} label="Release progress" className="h-40" emptyMessage="Queued: waiting for a worker…" />
    </div>
  );
}
