import type { ComponentProps } from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

export const badgeVariants = cva(
  "inline-flex h-5 shrink-0 items-center gap-1 whitespace-nowrap rounded-full px-2 text-xs font-medium ring-1 ring-inset [&_svg]:size-3 [&_svg]:shrink-0",
  {
    variants: {
      tone: {
        neutral: "bg-subtle text-fg-muted ring-border",
        accent: "bg-accent-50 text-accent-700 ring-accent-200",
        success: "bg-success-50 text-success-700 ring-success-200",
        danger: "bg-danger-50 text-danger-700 ring-danger-200",
        warning: "bg-warning-50 text-warning-700 ring-warning-200",
        outline: "bg-surface text-fg-muted ring-border-strong",
      },
    },
    defaultVariants: { tone: "neutral" },
  },
);

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export type BadgeProps = ComponentProps<"span"> & VariantProps<typeof badgeVariants>;

export function Badge({ className, tone, ...props }: BadgeProps) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}
