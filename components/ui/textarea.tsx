"use client";

import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";
import { useFieldControl } from "./field-context";

export type TextareaProps = ComponentProps<"textarea"> & {
  /** Use a monospace font (for YAML, env files, commands). */
  mono?: boolean;
};

export function Textarea({ className, mono = false, rows = 4, ...props }: TextareaProps) {
  const field = useFieldControl();
  return (
    <textarea
      rows={rows}
      {...field}
      {...props}
      className={cn(controlClasses, "min-h-16 resize-y px-2.5 py-1.5 leading-5", mono && "font-mono text-[13px]", className)}
    />
  );
}
