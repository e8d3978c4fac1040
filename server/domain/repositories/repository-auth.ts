import type { Prisma } from "@prisma/client";
import { DomainError } from "../errors";
import type { Cipher } from "../secrets/cipher";
import { generateDeployKey } from "./deploy-key";
import type { RepositoryUrl } from "./repository-url";

export type RepositoryAuthInput = { kind: "ssh" } | { kind: "token"; username?: string; token: string } | { kind: "none" };

const USERNAME_RE = /^[A-Za-z0-9._@+-]{1,100}$/;

/**
 * The credential row for a URL and the chosen way in: SSH URLs get a deploy key Slipway generates
 * (the private half encrypted at once), HTTPS URLs a token (encrypted) or nothing for a public
 * repository, local paths nothing. The host key is fetched on the first test of the connection.
 */
export function credentialFor(
  parsed: RepositoryUrl,
  auth: RepositoryAuthInput,
  cipher: Cipher,
  comment: string,
): Omit<Prisma.RepositoryCredentialCreateWithoutRepositoryInput, "id"> {
  if (parsed.kind === "ssh") {
    if (auth.kind !== "ssh")
      throw new DomainError("BAD_INPUT", 'An SSH URL is reached with a deploy key: choose "Deploy key" (Slipway generates it).', "auth");
    const key = generateDeployKey(comment);
    return { kind: "SSH_KEY", publicKey: key.publicKey, privateKeyCipher: cipher.encrypt(key.privateKey) };
  }
  if (auth.kind === "ssh")
    throw new DomainError("BAD_INPUT", "A deploy key needs an SSH URL (ssh://git@host/owner/repo.git or git@host:owner/repo.git).", "url");
  if (auth.kind === "token") {
    if (parsed.kind === "local") throw new DomainError("BAD_INPUT", "A local repository needs no token.", "auth");
    const token = auth.token.trim();
    if (!token || token.length > 2000 || /[\s\0-\x1f]/.test(token))
      throw new DomainError("BAD_INPUT", "Paste the token as one line, without spaces.", "token");
    const username = (auth.username ?? "").trim() || "x-access-token";
    if (!USERNAME_RE.test(username))
      throw new DomainError("BAD_INPUT", "The user name has letters, digits and . _ @ + - only.", "username");
    return { kind: "HTTPS_TOKEN", username, tokenCipher: cipher.encrypt(token) };
  }
  return { kind: "NONE" };
}
