"use client";

import { useEffect, useState } from "react";
import { formatDistanceToNowStrict } from "date-fns";
import { cn } from "./cn";

export type RelativeTimeProps = {
  date: Date | string | number;
  /** "3 minutes ago" (default) vs "3 minutes". */
  addSuffix?: boolean;
  className?: string;
};

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Same text on server and client (UTC, so no timezone or clock skew), e.g. "2026-11-26 11:42 UTC". */
function stableText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * "3 minutes ago", refreshed every 30 s; hover shows the ISO time. The first render prints the
 * absolute UTC time so server and client HTML match, then switches to relative after mount.
 */
export function RelativeTime({ date, addSuffix = true, className }: RelativeTimeProps) {
  const d = toDate(date);
  const valid = !Number.isNaN(d.getTime());
  const [, setTick] = useState(0);
  const [mounted, setMounted] = useState(false);

  useEffect(() => {
    setMounted(true);
    const timer = setInterval(() => setTick((t) => t + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (!valid) return <span className={className}>—</span>;
  const iso = d.toISOString();
  return (
    <time dateTime={iso} title={iso} className={cn("whitespace-nowrap", className)}>
      {mounted ? formatDistanceToNowStrict(d, { addSuffix }) : stableText(d)}
    </time>
  );
}
