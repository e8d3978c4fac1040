import type { ComponentType, SVGProps } from "react";
import { Ban, Check, CircleDashed, Clock, CornerUpRight, MinusCircle, ShieldX, X } from "lucide-react";
import { cn } from "./cn";

/** Union of Prisma's BuildStatus and StepStatus. */
export type RunStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELED" | "SUPERSEDED" | "REJECTED" | "PENDING" | "SKIPPED";

type Look = {
  label: string;
  className: string;
  Icon: ComponentType<SVGProps<SVGSVGElement>> | null;
};

const LOOKS: Record<RunStatus, Look> = {
  QUEUED: { label: "Queued", className: "bg-subtle text-fg-muted ring-border", Icon: Clock },
  PENDING: { label: "Pending", className: "bg-subtle text-fg-subtle ring-border", Icon: CircleDashed },
  RUNNING: { label: "Running", className: "bg-accent-50 text-accent-700 ring-accent-200", Icon: null },
  SUCCEEDED: { label: "Succeeded", className: "bg-success-50 text-success-700 ring-success-200", Icon: Check },
  FAILED: { label: "Failed", className: "bg-danger-50 text-danger-700 ring-danger-200", Icon: X },
  CANCELED: { label: "Cancelled", className: "bg-subtle text-fg-muted ring-border", Icon: Ban },
  SUPERSEDED: { label: "Superseded", className: "bg-warning-50 text-warning-700 ring-warning-200", Icon: CornerUpRight },
  REJECTED: { label: "Rejected", className: "bg-danger-50 text-danger-700 ring-danger-200", Icon: ShieldX },
  SKIPPED: { label: "Skipped", className: "bg-surface text-fg-subtle ring-border", Icon: MinusCircle },
};

export type StatusBadgeProps = {
  status: RunStatus;
  /** "sm" drops the pill background: just icon + text, for dense tables and step lists. */
  size?: "sm" | "md";
  /** Hide the text visually (it stays available to screen readers and as a tooltip). */
  iconOnly?: boolean;
  className?: string;
};

/**
 * Colour + icon + text for a build or step status. The text is always in the accessible name, so the
 * colour never carries meaning alone. `data-status` lets tests assert on the raw value.
 */
export function StatusBadge({ status, size = "md", iconOnly = false, className }: StatusBadgeProps) {
  const look = LOOKS[status] ?? LOOKS.QUEUED;
  const { Icon } = look;
  return (
    <span
      data-status={status}
      title={iconOnly ? look.label : undefined}
      className={cn(
        "inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap text-xs font-medium",
        size === "md" && "h-5 rounded-full px-2 ring-1 ring-inset",
        size === "md" ? look.className : look.className.split(" ").find((c) => c.startsWith("text-")),
        iconOnly && size === "md" && "px-1",
        className,
      )}
    >
      {Icon ? (
        <Icon className="size-3.5 shrink-0" strokeWidth={2.25} aria-hidden="true" />
      ) : (
        <span className="relative flex size-3.5 items-center justify-center" aria-hidden="true">
          <span className="absolute size-2 rounded-full bg-accent-500 opacity-60 motion-safe:animate-ping" />
          <span className="size-2 rounded-full bg-accent-600" />
        </span>
      )}
      <span className={iconOnly ? "sr-only" : undefined}>{look.label}</span>
    </span>
  );
}
