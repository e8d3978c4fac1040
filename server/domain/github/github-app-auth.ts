import githubAppJwt from "universal-github-app-jwt";
import { DomainError } from "../errors";
import { GitHubApiError, githubCall, repoPath } from "./github-reporter";

/**
 * A GitHub App acting on a repository, the way GitHub documents it: a short JWT signed with the
 * app's private key (RS256) finds the installation that sees the repository, then buys an
 * installation token scoped to that one repository. GitHub refuses both when the installation
 * cannot see it — which is what proves the org may use the repository.
 */
export interface AppCredentials {
  appId: string;
  privateKey: string;
}

export interface InstallationToken {
  installationId: string;
  token: string;
  expiresAt: number;
}

export async function appJwt(app: AppCredentials): Promise<string> {
  try {
    const { token } = await githubAppJwt({ id: app.appId, privateKey: app.privateKey });
    return token;
  } catch {
    // Never echo the key: say only what is wrong with it.
    throw new DomainError("BAD_INPUT", "The GitHub App private key is not a PEM private key GitHub could verify.", "privateKey");
  }
}

/** The app as GitHub knows it (checks the app id and key belong together). */
export async function getAuthenticatedApp(apiUrl: string, app: AppCredentials): Promise<{ slug: string; name: string }> {
  try {
    const me = await githubCall({ apiUrl, token: await appJwt(app) }, "GET", "/app");
    return { slug: String(me.slug ?? ""), name: String(me.name ?? me.slug ?? "") };
  } catch (e) {
    if (e instanceof GitHubApiError && (e.status === 401 || e.status === 404)) {
      throw new DomainError(
        "BAD_INPUT",
        `GitHub refused app ${app.appId} with this private key (${e.status}): check the app id and key.`,
        "appId",
      );
    }
    throw e;
  }
}

const notVisible = (repo: string) =>
  new DomainError(
    "FORBIDDEN",
    `The organization's GitHub App installation cannot see ${repo}: install the app on that repository (or grant it access) first.`,
    "githubRepo",
  );

export async function installationTokenFor(
  apiUrl: string,
  app: AppCredentials,
  repo: string,
  knownInstallationId?: string | null,
): Promise<InstallationToken> {
  const jwt = await appJwt(app);
  const call = (method: string, path: string, body?: unknown) => githubCall({ apiUrl, token: jwt }, method, path, body);
  let installationId = knownInstallationId ?? null;
  if (!installationId) {
    try {
      installationId = String((await call("GET", `${repoPath(repo)}/installation`)).id);
    } catch (e) {
      if (e instanceof GitHubApiError && e.status === 404) throw notVisible(repo);
      throw e;
    }
  }
  try {
    const res = await call("POST", `/app/installations/${encodeURIComponent(installationId)}/access_tokens`, {
      repositories: [repo.split("/")[1]],
    });
    return { installationId, token: String(res.token), expiresAt: Date.parse(String(res.expires_at)) || Date.now() + 30 * 60_000 };
  } catch (e) {
    // 404: the installation is gone; 422: it no longer sees this repository.
    if (e instanceof GitHubApiError && (e.status === 404 || e.status === 422)) {
      if (knownInstallationId) return installationTokenFor(apiUrl, app, repo, null);
      throw notVisible(repo);
    }
    throw e;
  }
}
