/**
 * The little of GitHub's REST API Slipway writes to: commit statuses, one comment per pull
 * request, and Deployments with their statuses. Plain fetch against a configurable base, so GitHub Enterprise (`https://host/api/v3`)
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
  /** A GitHub Deployment of `sha` to `environment`; returns its id. */
  createDeployment(repo: string, d: NewDeployment): Promise<string>;
  setDeploymentStatus(repo: string, deploymentId: string, s: DeploymentStatus): Promise<void>;
}

export interface NewDeployment {
  sha: string;
  environment: string;
  description: string;
  transient: boolean;
  production: boolean;
}

export interface DeploymentStatus {
  state: "in_progress" | "success" | "failure" | "error" | "inactive";
  description: string;
  /** The environment's link (GitHub's "View deployment"). */
  environmentUrl?: string | null;
  logUrl?: string | null;
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

/** One call to GitHub's REST API with a bearer credential (an installation token, a personal token or an app JWT). */
export async function githubCall(
  opts: { apiUrl: string; token: string; timeoutMs?: number },
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${opts.apiUrl.replace(/\/+$/, "")}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${opts.token}`,
      "content-type": "application/json",
      "user-agent": "slipway",
      "x-github-api-version": "2022-11-28",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new GitHubApiError(res.status, `GitHub ${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export const repoPath = (repo: string) => {
  const [owner, name] = repo.split("/");
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
};

export function createGitHubReporter(opts: GitHubReporterOptions): GitHubReporter {
  const call = (method: string, path: string, body: unknown) => githubCall(opts, method, path, body);
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
    async createDeployment(repo, d) {
      const created = await call("POST", `${repoPath(repo)}/deployments`, {
        ref: d.sha,
        environment: d.environment,
        description: d.description.slice(0, 140),
        // Slipway's own build is the check that counts; the commit's other statuses must not block it.
        required_contexts: [],
        auto_merge: false,
        transient_environment: d.transient,
        production_environment: d.production,
      });
      return String(created.id);
    },
    async setDeploymentStatus(repo, deploymentId, s) {
      await call("POST", `${repoPath(repo)}/deployments/${encodeURIComponent(deploymentId)}/statuses`, {
        state: s.state,
        description: s.description.slice(0, 140),
        ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
        ...(s.logUrl ? { log_url: s.logUrl } : {}),
        // GitHub would mark older deployments of the environment inactive by itself; Slipway says so explicitly on destroy.
        auto_inactive: s.state === "success",
      });
    },
  };
}
