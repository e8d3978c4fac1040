import type { RepositoryCredential } from "@prisma/client";
import type { Db } from "../../db";
import type { BuildQueue } from "../../queue";
import type { Cipher } from "../secrets/cipher";

/** What connecting and changing repositories needs, built by the composition root (tRPC context, /api/v1, tests). */
export interface RepositoryDeps {
  db: Db;
  cipher: Cipher;
  queue: BuildQueue;
  dataDir: string;
  /** SLIPWAY_ALLOW_LOCAL_REPOS: local paths, file:// and plain http:// (demos and tests). */
  allowLocal: boolean;
}

/** Tears down what Slipway's own runtime serves for instances that are about to disappear. */
export interface RuntimeTeardown {
  removeSchedules(instanceId: string): Promise<void>;
  announceInstanceChange(instanceId: string): Promise<void>;
}

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
