import { Code } from "./code";
import { cn } from "./cn";

/** A commit's short SHA; a link to the repository's web page of it when the server knows one. */
export function CommitSha({ sha, url, className }: { sha: string; url?: string | null; className?: string }) {
  const short = <Code className={className}>{sha.slice(0, 7)}</Code>;
  if (!url) return short;
  return (
    <a
      href={url}
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
