import type { ComponentProps } from "react";
import { ArrowUpRight } from "lucide-react";
import { cn } from "./cn";

export type ExternalLinkProps = Omit<ComponentProps<"a">, "target" | "rel"> & { href: string };

/** Opens in a new tab, with an icon and a screen-reader hint saying so. */
export function ExternalLink({ className, children, ...props }: ExternalLinkProps) {
  return (
    <a
      target="_blank"
      rel="noopener noreferrer"
      className={cn(
        "focus-ring inline-flex items-center gap-0.5 rounded-sm font-medium text-accent-700 underline-offset-2 hover:underline",
        className,
      )}
      {...props}
    >
      {children}
      <ArrowUpRight className="size-3.5 shrink-0 opacity-70" aria-hidden="true" />
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
