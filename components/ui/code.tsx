import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";

/** Inline code: commit SHAs, stage names, env var names. */
export function Code({ className, ...props }: ComponentProps<"code">) {
  return (
    <code className={cn("rounded-sm border border-border bg-subtle px-1 py-px font-mono text-[0.8125em] text-fg", className)} {...props} />
  );
}

export type CodeBlockProps = {
  /** The text shown; also what the copy button copies. */
  children: string;
  /** Small caption above the block, e.g. a file name or "Shell". */
  title?: ReactNode;
  copy?: boolean;
  className?: string;
};

export function CodeBlock({ children, title, copy = true, className }: CodeBlockProps) {
  return (
    <div className={cn("overflow-hidden rounded-lg border border-border bg-subtle/60", className)}>
      {title && (
        <div className="flex h-9 items-center justify-between border-b border-border pl-3 pr-1 text-xs font-medium text-fg-subtle">
          <span>{title}</span>
          {copy && <CopyButton value={children} />}
        </div>
      )}
      <div className="relative">
        <pre className="overflow-x-auto px-3 py-2.5 font-mono text-[13px] leading-5 text-fg">
          <code>{children}</code>
        </pre>
        {copy && !title && <CopyButton value={children} className="absolute right-1.5 top-1.5 bg-subtle" />}
      </div>
    </div>
  );
}
