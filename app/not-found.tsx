import Link from "next/link";
import type { Metadata } from "next";
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/** Any URL Slipway does not have. */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-lg flex-col items-center justify-center gap-3 px-6 text-center" data-testid="not-found">
      <div className="flex size-11 items-center justify-center rounded-lg border border-border bg-subtle text-fg-subtle">
        <SearchX className="size-5" aria-hidden="true" />
      </div>
      <h1 className="text-xl font-semibold text-fg">Page not found</h1>
      <p className="text-sm text-fg-muted">There is no page at this address. It may have moved, or the link is mistyped.</p>
      <Button asChild variant="secondary" className="mt-2">
        <Link href="/">Back to apps</Link>
      </Button>
    </main>
  );
}
