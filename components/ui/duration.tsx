import { cn } from "./cn";

/** 850 → "850ms", 12_300 → "12s", 72_000 → "1m 12s", 3_720_000 → "1h 2m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.floor(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

export type DurationProps = {
  /** Milliseconds; null/undefined renders an em dash. */
  ms: number | null | undefined;
  className?: string;
};

/** Fixed duration (finished builds). For a running build use <LiveDuration since=…>. */
export function Duration({ ms, className }: DurationProps) {
  if (ms === null || ms === undefined) {
    return <span className={cn("text-fg-faint", className)}>—</span>;
  }
  return <span className={cn("tabular-nums whitespace-nowrap", className)}>{formatDuration(ms)}</span>;
}
