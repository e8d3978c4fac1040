"use client";

import { useState } from "react";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/components/trpc/client";

/**
 * Follows a build's log over SSE. Each event is a batch of lines with its stream id; after a
 * reconnect the link resumes from the last id it saw, so no line is lost or repeated.
 */
export function useBuildLog(buildId: string) {
  const trpc = useTRPC();
  const [lines, setLines] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const sub = useSubscription(
    trpc.builds.log.subscriptionOptions(
      { id: buildId },
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
  return { lines, done, error: sub.error };
}
