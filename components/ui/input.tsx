"use client";

import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";
import { useFieldControl } from "./field-context";

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  const field = useFieldControl();
  return (
    <input type={type} {...field} {...props} className={cn(controlClasses, "h-8 px-2.5", type === "file" && "h-auto py-1.5", className)} />
  );
}
