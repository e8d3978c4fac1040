import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { findApp } from "../apps/find-app";
import { credentialFor, type RepositoryAuthInput } from "./repository-auth";
import { repositoryView, type RepositoryDeps } from "./repository-deps";
import { parseRepositoryUrl } from "./repository-url";

export type RepositoryChange =
  | { kind: "url-and-auth"; url: string; auth: RepositoryAuthInput }
  /** Keeps the deploy key; forgets the stored host key, so the next test fetches (and shows) the new one. */
  | { kind: "reset-host-key" };

/**
 * Changes an app's repository: a new URL and/or credentials (a new deploy key is generated when
 * asked for; the old one stops being used at once), or a reset host key. The next test of the
 * connection confirms it works; builds use the new credentials from their next fetch.
 */
export async function updateRepository(
  deps: RepositoryDeps,
  orgId: string,
  actorId: string,
  appSlug: string,
  change: RepositoryChange & { keepKey?: boolean },
) {
  const app = await findApp(deps.db, orgId, appSlug);
  const repo = await deps.db.repository.findUniqueOrThrow({ where: { id: app.repositoryId }, include: { credential: true } });
  if (change.kind === "reset-host-key") {
    if (repo.credential?.kind !== "SSH_KEY") throw new DomainError("BAD_INPUT", "Only SSH repositories have a host key.");
    const updated = await deps.db.repositoryCredential.update({
      where: { id: repo.credential.id },
      data: { knownHosts: null, hostKeyFingerprint: null },
    });
    await recordAudit(deps.db, {
      orgId,
      actorId,
      action: "repository.reset-host-key",
      target: `app ${app.slug}`,
      before: { fingerprint: repo.credential.hostKeyFingerprint },
    });
    return repositoryView(repo, updated);
  }
  const parsed = parseRepositoryUrl(change.url, { allowLocal: deps.env.SLIPWAY_ALLOW_LOCAL_REPOS });
  const keep = change.keepKey && change.auth.kind === "ssh" && repo.credential?.kind === "SSH_KEY";
  const sameHost =
    keep &&
    parseRepositoryUrl(repo.url, { allowLocal: true }).kind === "ssh" &&
    sameSshHost(repo.url, parsed.url, deps.env.SLIPWAY_ALLOW_LOCAL_REPOS);
  const credential = keep
    ? null
    : credentialFor(parsed, change.auth, deps.cipher, `slipway-deploy-key@${parsed.kind === "local" ? "local" : parsed.host}`);
  return deps.db.$transaction(async (tx) => {
    await tx.repository.update({ where: { id: repo.id }, data: { url: parsed.url, pollError: null } });
    let row;
    if (credential) {
      await tx.repositoryCredential.deleteMany({ where: { repositoryId: repo.id } });
      row = await tx.repositoryCredential.create({ data: { ...credential, repositoryId: repo.id } });
    } else {
      // Same key, maybe another host: a host key is only kept for the host it was seen on.
      row = await tx.repositoryCredential.update({
        where: { repositoryId: repo.id },
        data: sameHost ? {} : { knownHosts: null, hostKeyFingerprint: null },
      });
    }
    await recordAudit(tx, {
      orgId,
      actorId,
      action: "repository.update",
      target: `app ${app.slug}`,
      before: { url: repo.url, auth: repo.credential?.kind ?? "NONE" },
      after: { url: parsed.url, auth: row.kind, newKey: !!credential && row.kind === "SSH_KEY" },
    });
    return repositoryView({ ...repo, url: parsed.url }, row);
  });
}

function sameSshHost(a: string, b: string, allowLocal: boolean) {
  const pa = parseRepositoryUrl(a, { allowLocal });
  const pb = parseRepositoryUrl(b, { allowLocal });
  return pa.kind === "ssh" && pb.kind === "ssh" && pa.host === pb.host && pa.port === pb.port;
}
