import type { ComponentProps } from "react";
import { cn } from "./cn";

/** Loading placeholder; size it with className (h-4 w-32 ...). Hidden from assistive tech. */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}
