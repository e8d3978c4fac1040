import { CircleAlert } from "lucide-react";
import { cn } from "./cn";

/**
 * A form's message that belongs to no single field, in the same style as a field's own error
 * (icon, small red text, announced): one look for every validation message.
 */
export function FormError({
  message,
  className,
  "data-testid": testId,
}: {
  message: string | null | undefined;
  className?: string;
  "data-testid"?: string;
}) {
  if (!message) return null;
  return (
    <p role="alert" className={cn("flex items-start gap-1 text-xs text-danger-700", className)} data-testid={testId}>
      <CircleAlert className="mt-px size-3.5 shrink-0" aria-hidden="true" />
      {message}
    </p>
  );
}
