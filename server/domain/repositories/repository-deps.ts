import type { RepositoryCredential } from "@prisma/client";
import type { AppDeps } from "../../deps";
import type { RuntimeClient } from "../../runtime/contract";

/**
 * What connecting and changing repositories needs, from the composition root (tRPC context,
 * /api/v1, tests). `env.SLIPWAY_ALLOW_LOCAL_REPOS` admits local paths, file:// and plain http:// (demos and tests).
 */
export type RepositoryDeps = Pick<AppDeps, "db" | "cipher" | "queue" | "env">;

/** Tears down what Slipway's own runtime serves for instances that are about to disappear (the runtime contract's part for it). */
export type RuntimeTeardown = Pick<RuntimeClient, "removeSchedules" | "announce">;

export type AuthKindView = "ssh" | "token" | "none";

/** A repository as the browser sees it: never the private key, never the token. */
export function repositoryView(repo: { id: string; url: string; defaultBranch: string | null }, credential: RepositoryCredential | null) {
  const kind: AuthKindView = credential?.kind === "SSH_KEY" ? "ssh" : credential?.kind === "HTTPS_TOKEN" ? "token" : "none";
  return {
    id: repo.id,
    url: repo.url,
    defaultBranch: repo.defaultBranch,
    auth: kind,
    publicKey: credential?.publicKey ?? null,
    hostKeyFingerprint: credential?.hostKeyFingerprint ?? null,
    username: kind === "token" ? (credential?.username ?? null) : null,
    hasToken: kind === "token" && !!credential?.tokenCipher,
  };
}
