import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * Wraps the <table> in a bordered, horizontally scrollable card. Pass `bare` to drop the frame. The wrapper is
 * positioned so absolutely placed cells (a `sr-only` header) scroll with it instead of widening the page.
 */
export function Table({ className, bare = false, ...props }: ComponentProps<"table"> & { bare?: boolean }) {
  return (
    <div className={cn("relative w-full overflow-x-auto", !bare && "rounded-lg border border-border bg-surface shadow-card")}>
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("border-b border-border bg-subtle/70", className)} {...props} />;
}

export function TBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-border", className)} {...props} />;
}

/** `interactive` adds a hover background, for rows that link somewhere. */
export function Tr({ className, interactive, ...props }: ComponentProps<"tr"> & { interactive?: boolean }) {
  return <tr className={cn(interactive && "transition-colors hover:bg-subtle/60", className)} {...props} />;
}

export function Th({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn("h-9 whitespace-nowrap px-3 text-xs font-medium text-fg-subtle first:pl-4 last:pr-4", className)}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("h-11 px-3 py-2 align-middle text-fg first:pl-4 last:pr-4", className)} {...props} />;
}
