"use client";

import { useEffect, useState } from "react";
import { cn } from "./cn";
import { formatDuration } from "./duration";

export type LiveDurationProps = {
  since: Date | string | number;
  /** When set, the duration is fixed (since → until) and stops ticking. */
  until?: Date | string | number | null;
  className?: string;
};

/** Elapsed time that ticks every second while `until` is empty (a running build or step). */
export function LiveDuration({ since, until, className }: LiveDurationProps) {
  const start = new Date(since).getTime();
  const end = until ? new Date(until).getTime() : null;
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (end !== null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [end]);

  return (
    <span className={cn("tabular-nums whitespace-nowrap", className)} suppressHydrationWarning>
      {formatDuration((end ?? now) - start)}
    </span>
  );
}
