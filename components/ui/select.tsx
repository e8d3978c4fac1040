"use client";

import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";
import { controlClasses } from "./control";
import { useFieldControl } from "./field-context";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = ComponentProps<"select"> & {
  /** Shorthand for <option> children. */
  options?: SelectOption[];
  /** Adds a first, empty, disabled option shown when nothing is chosen. */
  placeholder?: string;
};

/** A styled native <select>: works with FormData, keyboard, mobile and Playwright's selectOption. */
export function Select({ className, options, placeholder, children, ...props }: SelectProps) {
  const field = useFieldControl();
  const uncontrolledDefault = placeholder && props.value === undefined && props.defaultValue === undefined ? "" : undefined;
  return (
    <div className={cn("relative", className)}>
      <select
        defaultValue={uncontrolledDefault}
        {...field}
        {...props}
        // Only a placeholder looks faint; "All …" filter choices are real values and read as such.
        className={cn(
          controlClasses,
          "h-8 appearance-none pl-2.5 pr-8 [&_option]:text-fg",
          placeholder && "has-[option[value='']:checked]:text-fg-faint",
        )}
      >
        {placeholder && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
        {options?.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
      <ChevronDown className="pointer-events-none absolute right-2.5 top-1/2 size-4 -translate-y-1/2 text-fg-subtle" aria-hidden="true" />
    </div>
  );
}
