"use client";

import { createContext, useContext, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Code } from "./code";
import { cn } from "./cn";
import { isCommitSha } from "@/server/domain/repositories/commit-url";

/** The start of the app's commit web pages ("https://github.com/o/r/commit/"), when its repository has one. */
const PrefixCtx = createContext<string | null>(null);

/** Gives every CommitSha on an app's pages its link: asks the server once where the app's commits live. */
export function CommitLinksProvider({ slug, children }: { slug: string; children: ReactNode }) {
  const trpc = useTRPC();
  const links = useQuery(trpc.apps.commitLinks.queryOptions({ slug }, { staleTime: 60_000, retry: false }));
  return <PrefixCtx.Provider value={links.data?.prefix ?? null}>{children}</PrefixCtx.Provider>;
}

/**
 * A commit's short SHA; a link to the repository's web page of it when known — `url` from the
 * server, else the app's commit-link prefix (CommitLinksProvider) — and plain text otherwise.
 */
export function CommitSha({ sha, url, className }: { sha: string; url?: string | null; className?: string }) {
  const prefix = useContext(PrefixCtx);
  const short = <Code className={className}>{sha.slice(0, 7)}</Code>;
  const href = url ?? (prefix && isCommitSha(sha) ? prefix + sha : null);
  if (!href) return short;
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className={cn("focus-ring rounded-sm hover:underline")}
      data-testid="commit-link"
      title={`Open commit ${sha.slice(0, 12)} in the repository (new tab)`}
    >
      {short}
    </a>
  );
}
