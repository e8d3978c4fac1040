import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { DomainError } from "../errors";
import { installationTokenFor, type InstallationToken } from "./github-app-auth";
import { createGitHubReporter, githubCall, GitHubApiError, repoPath, type GitHubReporter } from "./github-reporter";

/**
 * Which credential speaks for an org on a repository: the org's GitHub App (an installation token
 * scoped to the repository), else the server's personal token (a single-team install), else none.
 * Installation tokens live an hour; they are kept until five minutes before they expire.
 */
export interface GitHubAccess {
  apiUrl: string;
  /** A reporter for the repository, or null when the org has no way to speak to GitHub. Throws FORBIDDEN when its installation cannot see the repository. */
  forRepo(orgId: string, repo: string): Promise<GitHubReporter | null>;
  /** Refuses (FORBIDDEN) a repository the org's credential cannot see; used when connecting one. */
  assertVisible(orgId: string, repo: string): Promise<void>;
}

export interface GitHubAccessOptions {
  db: Db;
  cipher: Cipher;
  apiUrl: string;
  personalToken?: string | null;
}

const REFRESH_MARGIN_MS = 5 * 60_000;

export function createGitHubAccess(opts: GitHubAccessOptions): GitHubAccess {
  const { db, cipher, apiUrl } = opts;
  const tokens = new Map<string, InstallationToken>();

  async function installationToken(orgId: string, repo: string): Promise<string | null> {
    const app = await db.gitHubApp.findUnique({ where: { orgId } });
    if (!app) return null;
    const key = `${orgId}:${app.updatedAt.getTime()}:${repo.toLowerCase()}`;
    const cached = tokens.get(key);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return cached.token;
    const repository = await db.repository.findFirst({ where: { githubRepo: { equals: repo, mode: "insensitive" }, app: { orgId } } });
    const fresh = await installationTokenFor(
      apiUrl,
      { appId: app.appId, privateKey: cipher.decrypt(app.privateKeyCipher) },
      repo,
      repository?.githubInstallationId,
    );
    // Kept only once the repository is connected and records its installation: a token bought while
    // connecting it (no row yet) must not spare the next call, which stores the installation id.
    if (repository) tokens.set(key, fresh);
    if (repository && repository.githubInstallationId !== fresh.installationId) {
      await db.repository.update({ where: { id: repository.id }, data: { githubInstallationId: fresh.installationId } });
    }
    return fresh.token;
  }

  async function tokenFor(orgId: string, repo: string): Promise<string | null> {
    return (await installationToken(orgId, repo)) ?? opts.personalToken ?? null;
  }

  return {
    apiUrl,
    async forRepo(orgId, repo) {
      const token = await tokenFor(orgId, repo);
      return token ? createGitHubReporter({ apiUrl, token }) : null;
    },
    async assertVisible(orgId, repo) {
      const token = await tokenFor(orgId, repo);
      if (!token) return;
      // The installation token is scoped to the repository already; a personal token must at least see it.
      try {
        await githubCall({ apiUrl, token }, "GET", repoPath(repo));
      } catch (e) {
        if (e instanceof GitHubApiError && (e.status === 404 || e.status === 403)) {
          throw new DomainError("FORBIDDEN", `Slipway's GitHub token cannot see ${repo}.`, "githubRepo");
        }
        throw e;
      }
    },
  };
}
