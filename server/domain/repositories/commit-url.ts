/**
 * Where a person reads a commit: the repository's web page for GitHub and GitLab remotes (https,
 * ssh:// or scp-like git@host:owner/repo), as an https URL built from the host and path only — a
 * user, password or token in the remote never reaches the link. Other hosts and local paths: null.
 */
export function repositoryWebUrl(remote: string): string | null {
  const url = remote.trim();
  let host: string;
  let repoPath: string;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "https" || scheme === "http" || scheme === "ssh") {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    host = u.hostname.toLowerCase();
    repoPath = u.pathname;
  } else if (!scheme) {
    const scp = /^(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(url);
    if (!scp) return null;
    host = scp[1].toLowerCase();
    repoPath = scp[2];
  } else return null;
  if (!forge(host)) return null;
  const parts = repoPath
    .replace(/\.git\/?$/, "")
    .split("/")
    .filter(Boolean);
  // owner/repo at least; every part a plain path segment (no "..", no encoded tricks).
  if (parts.length < 2 || parts.some((p) => !/^[A-Za-z0-9._-]+$/.test(p) || p === "." || p === "..")) return null;
  return `https://${host}/${parts.join("/")}`;
}

function forge(host: string): "github" | "gitlab" | null {
  if (host === "github.com" || host.startsWith("github.")) return "github";
  if (host === "gitlab.com" || host.startsWith("gitlab.")) return "gitlab";
  return null;
}

/** Where one commit's web page starts ("https://github.com/o/r/commit/"): append the full SHA; null without a web UI. */
export function commitUrlPrefix(remote: string): string | null {
  const base = repositoryWebUrl(remote);
  if (!base) return null;
  return forge(new URL(base).hostname) === "gitlab" ? `${base}/-/commit/` : `${base}/commit/`;
}

/** A SHA that may go into a commit link: hex only, so it cannot change the link's path. */
export const isCommitSha = (sha: string) => /^[0-9a-f]{7,64}$/i.test(sha);

/** The web page of one commit, or null when the remote has no known web UI. */
export function commitWebUrl(remote: string, sha: string): string | null {
  const prefix = commitUrlPrefix(remote);
  return prefix && isCommitSha(sha) ? prefix + sha : null;
}

/**
 * A repository's commit links start here: its GitHub repository when one is linked (webhooks, PR
 * comments), else whatever its remote URL tells. Never credentials: only host and path are kept.
 */
export function repositoryCommitUrlPrefix(repository: { url: string; githubRepo?: string | null }): string | null {
  const gh = repository.githubRepo;
  if (gh && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(gh) && !gh.split("/").some((p) => p === "." || p === "..")) {
    return commitUrlPrefix(`https://github.com/${gh}`);
  }
  return commitUrlPrefix(repository.url);
}

/** A repository's link to one commit, or null (see repositoryCommitUrlPrefix). */
export function repositoryCommitUrl(repository: { url: string; githubRepo?: string | null }, sha: string): string | null {
  const prefix = repositoryCommitUrlPrefix(repository);
  return prefix && isCommitSha(sha) ? prefix + sha : null;
}
