import type { ComponentProps } from "react";
import { cn } from "./cn";

export type LabelProps = ComponentProps<"label"> & {
  /** Appends a muted "(optional)" marker. */
  optional?: boolean;
};

export function Label({ className, optional, children, ...props }: LabelProps) {
  return (
    <label
      className={cn("inline-flex items-baseline gap-1 text-sm font-medium text-fg select-none peer-disabled:opacity-60", className)}
      {...props}
    >
      {children}
      {optional && <span className="text-xs font-normal text-fg-subtle">(optional)</span>}
    </label>
  );
}
