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
 * "3 minutes ago", refreshed every 30 s; hover shows the time in the reader's own zone. The first render prints the
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
    <time dateTime={iso} title={mounted ? localText(d) : stableText(d)} className={cn("whitespace-nowrap", className)}>
      {mounted ? formatDistanceToNowStrict(d, { addSuffix }) : stableText(d)}
    </time>
  );
}

/** The reader's own clock and zone, e.g. "Dec 1, 2026, 9:42:07 PM GMT+1". */
function localText(date: Date): string {
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "long" });
}

/**
 * An absolute moment in the reader's time zone ("Dec 1, 2026, 9:42 PM"), with "3 minutes ago" as
 * its tooltip. Like RelativeTime, the first render is UTC so server and client HTML match.
 */
export function LocalTime({ date, className }: { date: Date | string | number; className?: string }) {
  const d = toDate(date);
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (Number.isNaN(d.getTime())) return <span className={className}>—</span>;
  return (
    <time
      dateTime={d.toISOString()}
      title={mounted ? formatDistanceToNowStrict(d, { addSuffix: true }) : undefined}
      className={cn("whitespace-nowrap", className)}
    >
      {mounted ? d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : stableText(d)}
    </time>
  );
}
