import { cn } from "@/components/ui/cn";

/** Slipway mark (a launch ramp meeting the water) + wordmark. */
export function Logo({ className, wordmark = true }: { className?: string; wordmark?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 text-fg", className)}>
      <svg viewBox="0 0 24 24" className="size-6 shrink-0" aria-hidden="true">
        <rect width="24" height="24" rx="6" fill="currentColor" />
        <path d="M5.5 14.5 17.5 6.5" stroke="white" strokeWidth="2.4" strokeLinecap="round" />
        <path
          d="M5 18.25c1.2 0 1.8-.9 3-.9s1.8.9 3 .9 1.8-.9 3-.9 1.8.9 3 .9 1.8-.9 2-.9"
          stroke="white"
          strokeOpacity=".7"
          strokeWidth="1.6"
          strokeLinecap="round"
          fill="none"
        />
      </svg>
      {wordmark && <span className="text-[15px] font-semibold tracking-tight">Slipway</span>}
    </span>
  );
}
