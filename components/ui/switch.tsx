"use client";

import type { ComponentProps } from "react";
import { Switch as SwitchPrimitive } from "radix-ui";
import { cn } from "./cn";
import { useFieldControl } from "./field-context";

export type SwitchProps = ComponentProps<typeof SwitchPrimitive.Root>;

/**
 * role="switch" button; give it a name with <Label htmlFor>, aria-label, or wrap it in <Field>.
 * With `name` it submits "on" inside a <form> like a checkbox.
 */
export function Switch({ className, ...props }: SwitchProps) {
  const field = useFieldControl();
  return (
    <SwitchPrimitive.Root
      {...field}
      {...props}
      className={cn(
        "focus-ring peer inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent bg-zinc-300 transition-colors data-[state=checked]:bg-accent-600 disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
    >
      <SwitchPrimitive.Thumb className="pointer-events-none block size-4 translate-x-0.5 rounded-full bg-white shadow-sm ring-0 transition-transform data-[state=checked]:translate-x-[18px]" />
    </SwitchPrimitive.Root>
  );
}
