import { DomainError } from "../errors";
import { GitRemoteError, lsRemote } from "../git/git";
import { recordAudit } from "../audit/record-audit";
import { scanHostKeys } from "./host-keys";
import { findOrgRepository } from "./find-repository";
import { remoteWithCredential } from "./repository-remote";
import type { RepositoryDeps } from "./repository-deps";
import { parseRepositoryUrl } from "./repository-url";

export type ConnectionResult =
  | { ok: true; branches: string[]; defaultBranch: string | null; hostKeyFingerprint: string | null; hostKeyFirstSeen: boolean }
  | { ok: false; reason: string; message: string; hostKeyFingerprint: string | null };

/**
 * "Test connection": lists the branches, or says in words why not. For SSH the server's host key is
 * fetched on the first test and stored (trust on first use); from then on a different key fails
 * ("host key changed") until an admin resets it.
 */
export async function testConnection(
  deps: RepositoryDeps,
  orgId: string,
  actorId: string,
  repositoryId: string,
  opts: { timeoutMs?: number } = {},
): Promise<ConnectionResult> {
  const repo = await findOrgRepository(deps.db, orgId, repositoryId);
  let credential = repo.credential;
  const parsed = parseRepositoryUrl(repo.url, { allowLocal: deps.env.SLIPWAY_ALLOW_LOCAL_REPOS });
  let firstSeen = false;
  if (parsed.kind === "ssh" && credential && !credential.knownHosts) {
    try {
      const scanned = await scanHostKeys(parsed.host, parsed.port);
      credential = await deps.db.repositoryCredential.update({
        where: { id: credential.id },
        data: { knownHosts: scanned.knownHosts, hostKeyFingerprint: scanned.fingerprint },
      });
      firstSeen = true;
      await recordAudit(deps.db, {
        orgId,
        actorId,
        action: "repository.host-key",
        target: `repository ${repo.url}`,
        after: { fingerprint: scanned.fingerprint },
      });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return {
        ok: false,
        reason: /resolve/.test(e.message) ? "host-unknown" : "unreachable",
        message: e.message,
        hostKeyFingerprint: null,
      };
    }
  }
  try {
    const { branches, defaultBranch } = await lsRemote(remoteWithCredential(repo.url, credential, deps.cipher), opts.timeoutMs);
    const names = Object.keys(branches).sort();
    const chosen = defaultBranch ?? (names.includes("master") ? "master" : names.includes("main") ? "main" : (names[0] ?? null));
    await deps.db.repository.update({ where: { id: repo.id }, data: { defaultBranch: chosen } });
    if (names.length === 0)
      return {
        ok: false,
        reason: "empty",
        message: "The repository has no branches yet: push one first.",
        hostKeyFingerprint: credential?.hostKeyFingerprint ?? null,
      };
    return {
      ok: true,
      branches: names,
      defaultBranch: chosen,
      hostKeyFingerprint: credential?.hostKeyFingerprint ?? null,
      hostKeyFirstSeen: firstSeen,
    };
  } catch (e) {
    if (!(e instanceof GitRemoteError)) throw e;
    return {
      ok: false,
      reason: e.reason,
      message: e.message.replace(/^git ls-remote failed: /, "Cannot connect: "),
      hostKeyFingerprint: credential?.hostKeyFingerprint ?? null,
    };
  }
}
