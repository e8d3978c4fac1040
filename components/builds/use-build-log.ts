"use client";

import { useEffect, useState } from "react";

/**
 * Follows a build's log over Server-Sent Events (`/api/builds/<id>/log/stream`). Each event is a
 * batch of lines with its id; when the connection drops, EventSource reconnects by itself and sends
 * the last id it saw, so no line is lost or repeated. The stream ends with a `done` event.
 */
export function useBuildLog(buildId: string) {
  const [lines, setLines] = useState<string[]>([]);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<{ message: string } | null>(null);
  useEffect(() => {
    setLines([]);
    setDone(false);
    setError(null);
    const source = new EventSource(`/api/builds/${encodeURIComponent(buildId)}/log/stream`);
    const take = (e: MessageEvent<string>) => {
      const batch = JSON.parse(e.data) as { lines: string[] };
      if (batch.lines.length) setLines((prev) => prev.concat(batch.lines));
    };
    source.onmessage = (e) => {
      take(e);
      setError(null);
    };
    source.addEventListener("done", (e) => {
      take(e as MessageEvent<string>);
      setDone(true);
      source.close();
    });
    // A refused request (signed out, no such build) closes the source; a dropped one reconnects on its own.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setError({ message: "The live log is not available. Reload the page to try again." });
    };
    return () => source.close();
  }, [buildId]);
  return { lines, done, error };
}
