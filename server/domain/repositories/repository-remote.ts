import type { RepositoryCredential } from "@prisma/client";
import type { Db } from "../../db";
import type { GitRemote } from "../git/git";
import type { Cipher } from "../secrets/cipher";

type Tx = Pick<Db, "repositoryCredential">;

/** A stored credential, decrypted for one git call (never returned to a browser). */
export function remoteWithCredential(url: string, credential: RepositoryCredential | null, cipher: Cipher): GitRemote {
  if (!credential || credential.kind === "NONE") return url;
  if (credential.kind === "SSH_KEY" && credential.privateKeyCipher) {
    return { url, auth: { sshKey: { privateKey: cipher.decrypt(credential.privateKeyCipher), knownHosts: credential.knownHosts ?? "" } } };
  }
  if (credential.kind === "HTTPS_TOKEN" && credential.tokenCipher) {
    return {
      url,
      auth: { token: { username: credential.username || "x-access-token", password: cipher.decrypt(credential.tokenCipher) } },
    };
  }
  return url;
}

/**
 * The remote of a repository with its credentials: every git call that reaches a repository's
 * remote (polling, mirrors, checkout, promote and rollback pushes) goes through this.
 */
export async function repositoryRemote(db: Tx, cipher: Cipher, repository: { id: string; url: string }): Promise<GitRemote> {
  const credential = await db.repositoryCredential.findUnique({ where: { repositoryId: repository.id } });
  return remoteWithCredential(repository.url, credential, cipher);
}
