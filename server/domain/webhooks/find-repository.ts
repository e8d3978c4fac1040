import type { Db } from "../../db";
import type { GitHubRepository } from "./github-payloads";

/** `git@github.com:acme/app.git`, `https://github.com/acme/app` and `…/app.git/` name one repository. */
export function normalizeRepoUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")
    .toLowerCase();
}

/**
 * The Slipway repository (and its app) a GitHub payload is about: by its `owner/name`, else by one
 * of its clone URLs matching the URL the app was connected with.
 */
export async function findRepositoryForGitHub(db: Db, repo: GitHubRepository) {
  const byName = await db.repository.findFirst({
    where: { githubRepo: { equals: repo.full_name, mode: "insensitive" } },
    include: { app: true },
  });
  if (byName) return byName;
  const wanted = new Set([repo.clone_url, repo.ssh_url, repo.git_url, repo.html_url].filter((u): u is string => !!u).map(normalizeRepoUrl));
  if (wanted.size === 0) return null;
  // Candidate rows are few (one per app); the comparison is on normalized URLs.
  const candidates = await db.repository.findMany({ where: { app: { isNot: null } }, include: { app: true } });
  return candidates.find((r) => wanted.has(normalizeRepoUrl(r.url))) ?? null;
}
