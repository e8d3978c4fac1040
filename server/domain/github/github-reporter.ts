/**
 * The little of GitHub's REST API Slipway writes to: commit statuses and one comment per pull
 * request. Plain fetch against a configurable base, so GitHub Enterprise (`https://host/api/v3`)
 * works the same way; every call has a timeout so a slow GitHub never holds a build.
 */
export type CommitState = "pending" | "success" | "failure" | "error";

export interface CommitStatus {
  state: CommitState;
  context: string;
  description: string;
  targetUrl?: string | null;
}

export interface GitHubReporter {
  setStatus(repo: string, sha: string, status: CommitStatus): Promise<void>;
  /** Edits the comment when `commentId` is given (and still exists), else creates it; returns its id. */
  upsertComment(repo: string, prNumber: number, commentId: string | null, body: string): Promise<string>;
}

export interface GitHubReporterOptions {
  apiUrl: string;
  token: string;
  timeoutMs?: number;
}

export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createGitHubReporter(opts: GitHubReporterOptions): GitHubReporter {
  const base = opts.apiUrl.replace(/\/+$/, "");
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${opts.token}`,
        "content-type": "application/json",
        "user-agent": "slipway",
        "x-github-api-version": "2022-11-28",
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new GitHubApiError(res.status, `GitHub ${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const repoPath = (repo: string) => {
    const [owner, name] = repo.split("/");
    return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  };
  return {
    async setStatus(repo, sha, s) {
      await call("POST", `${repoPath(repo)}/statuses/${sha}`, {
        state: s.state,
        context: s.context,
        // GitHub rejects descriptions over 140 characters.
        description: s.description.slice(0, 140),
        ...(s.targetUrl ? { target_url: s.targetUrl } : {}),
      });
    },
    async upsertComment(repo, prNumber, commentId, body) {
      if (commentId) {
        try {
          await call("PATCH", `${repoPath(repo)}/issues/comments/${encodeURIComponent(commentId)}`, { body });
          return commentId;
        } catch (e) {
          // Someone deleted the comment: post a new one rather than lose the report.
          if (!(e instanceof GitHubApiError && e.status === 404)) throw e;
        }
      }
      const created = await call("POST", `${repoPath(repo)}/issues/${prNumber}/comments`, { body });
      return String(created.id);
    },
  };
}
