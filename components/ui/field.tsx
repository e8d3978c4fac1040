"use client";

import { useId, useMemo, type ReactNode } from "react";
import { CircleAlert } from "lucide-react";
import { cn } from "./cn";
import { Label } from "./label";
import { FieldContext, type FieldControlProps } from "./field-context";

export type FieldProps = {
  label: ReactNode;
  /** The control: <Input>, <Textarea>, <Select>, or any control that calls useFieldControl(). */
  children: ReactNode;
  hint?: ReactNode;
  /** Inline error; sets aria-invalid on the control and links the message via aria-describedby. */
  error?: string | null;
  /** id for the control; generated when omitted. Give the id here, not on the control. */
  id?: string;
  required?: boolean;
  optional?: boolean;
  /** Extra content on the right of the label row (e.g. a "Learn more" link). */
  labelAside?: ReactNode;
  className?: string;
};

export function Field({ label, children, hint, error, id, required, optional, labelAside, className }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field-${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;

  const control = useMemo<FieldControlProps>(
    () => ({
      id: controlId,
      "aria-describedby": describedBy,
      "aria-invalid": error ? true : undefined,
      required: required || undefined,
    }),
    [controlId, describedBy, error, required],
  );

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={controlId} optional={optional}>
          {label}
          {required && (
            <span className="text-danger-600" aria-hidden="true">
              *
            </span>
          )}
        </Label>
        {labelAside && <div className="-my-1.5 flex items-center">{labelAside}</div>}
      </div>
      <FieldContext value={control}>{children}</FieldContext>
      {error && (
        <p id={errorId} className="flex items-start gap-1 text-xs text-danger-700" role="alert">
          <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="text-xs text-fg-subtle">
          {hint}
        </p>
      )}
    </div>
  );
}
