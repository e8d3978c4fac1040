"use client";

import Link from "next/link";
import { Lock, SearchX, TriangleAlert } from "lucide-react";
import { Button } from "./button";
import { cn } from "./cn";

/** What a failed query gives us: tRPC's client error carries the server's code in `data`. */
export interface QueryError {
  message: string;
  data?: { code?: string } | null;
}

/**
 * A page that cannot be shown, said as a page: a heading, what it means for this person, and a way
 * back — never a bare red line with an internal code.
 */
export function PageError({
  error,
  onRetry,
  inline = false,
  className,
  "data-testid": testId,
}: {
  error: QueryError;
  onRetry?: () => void;
  /** Under a page header that is already shown: a section heading instead of the page's. */
  inline?: boolean;
  className?: string;
  "data-testid"?: string;
}) {
  const Heading = inline ? "h2" : "h1";
  const code = error.data?.code;
  const kind = code === "FORBIDDEN" || code === "UNAUTHORIZED" ? "forbidden" : code === "NOT_FOUND" ? "missing" : "failed";
  const Icon = kind === "forbidden" ? Lock : kind === "missing" ? SearchX : TriangleAlert;
  const heading = kind === "forbidden" ? "No access" : kind === "missing" ? "Not found" : "Something went wrong";
  const text =
    kind === "forbidden"
      ? "Your role cannot open this page. An admin of your organization can change your role if you need it."
      : error.message;
  return (
    <section
      role="alert"
      data-testid={testId}
      data-kind={kind}
      className={cn("mx-auto flex max-w-lg flex-col items-center gap-3 text-center", inline ? "py-8" : "py-16", className)}
    >
      <div className="flex size-11 items-center justify-center rounded-lg border border-border bg-subtle text-fg-subtle">
        <Icon className="size-5" aria-hidden="true" />
      </div>
      <Heading className="text-xl font-semibold text-fg">{heading}</Heading>
      <p className="text-sm text-fg-muted">{text}</p>
      <div className="mt-2 flex gap-2">
        <Button asChild variant="secondary">
          <Link href="/">Back to apps</Link>
        </Button>
        {kind === "failed" && onRetry && <Button onClick={onRetry}>Try again</Button>}
      </div>
    </section>
  );
}
