"use client";

import type { ComponentProps, ReactNode } from "react";
import { useId } from "react";
import { cn } from "./cn";

export type CheckboxProps = Omit<ComponentProps<"input">, "type"> & {
  /** Inline label to the right of the box; clicking it toggles the box. */
  label?: ReactNode;
  /** Secondary line under the label. */
  description?: ReactNode;
};

/** Native checkbox (FormData- and Playwright-`check()`-friendly) with an optional inline label. */
export function Checkbox({ className, label, description, id, ...props }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? `checkbox-${generated}`;
  const descriptionId = description ? `${inputId}-description` : undefined;
  const box = (
    <input
      type="checkbox"
      id={inputId}
      aria-describedby={descriptionId}
      {...props}
      className={cn(
        "peer mt-0.5 size-4 shrink-0 rounded-sm border-border-strong accent-accent-600 disabled:cursor-not-allowed",
        !label && className,
      )}
    />
  );
  if (!label) return box;
  return (
    <div className={cn("flex items-start gap-2", className)}>
      {box}
      <div className="flex flex-col gap-0.5">
        <label htmlFor={inputId} className="text-sm font-medium text-fg select-none peer-disabled:text-fg-faint">
          {label}
        </label>
        {description && (
          <p id={descriptionId} className="text-xs text-fg-subtle">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}
