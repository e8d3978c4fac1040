"use client";

import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/relative-time";

/** A link shown once (invitation, password reset): Slipway keeps only its hash, so it cannot show it again. */
export function OneTimeLink({ url, expiresAt, testId }: { url: string; expiresAt: Date; testId: string }) {
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-2 rounded-md border border-border bg-subtle px-3 py-2">
        <code className="min-w-0 flex-1 break-all font-mono text-xs" data-testid={testId}>
          {url}
        </code>
        <CopyButton value={url} label="Copy link" />
      </div>
      <p className="text-xs text-fg-subtle">
        Send it privately; it works once, until <LocalTime date={expiresAt} />. It is shown only now.
      </p>
    </div>
  );
}
