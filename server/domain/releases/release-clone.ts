import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { DomainError } from "../errors";
import { assertSha, remoteUrl, withGitAuth, type GitRemote } from "../git/git";
import { SAFE_GIT_ENV, safeGitArgs } from "../git/safe-git";

/**
 * Git for promotions and rollbacks: a throwaway clone where Slipway merges or reverts, then one
 * push to the real remote. Argument arrays only (branch names, messages and paths are data); the
 * push is never forced, so a remote that moved meanwhile or refuses the ref (protected branch,
 * pre-receive hook) rejects it and nothing else has changed.
 */
export interface Identity {
  name: string;
  email: string;
}

export interface ReleaseClone {
  dir: string;
  git(args: string[], opts?: { allowFail?: boolean }): Promise<{ ok: boolean; out: string; err: string }>;
  isAncestor(a: string, b: string): Promise<boolean>;
  revParse(ref: string): Promise<string>;
  /** Pushes HEAD to `branch` on the real remote; throws CONFLICT with the remote's own reason. */
  push(branch: string): Promise<void>;
  dispose(): Promise<void>;
}

const BASE_ENV = { ...SAFE_GIT_ENV };

/** Clones `branch` from the local mirror (already fetched from `remoteUrl`): objects are shared, nothing is downloaded twice. */
export async function cloneForRelease(mirrorDir: string, remote: GitRemote, branch: string, actor: Identity): Promise<ReleaseClone> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-release-"));
  const env = {
    ...BASE_ENV,
    GIT_AUTHOR_NAME: actor.name,
    GIT_AUTHOR_EMAIL: actor.email,
    GIT_COMMITTER_NAME: "Slipway",
    GIT_COMMITTER_EMAIL: "slipway@localhost",
  };
  const run = async (args: string[], opts: { allowFail?: boolean; authEnv?: Record<string, string> } = {}) => {
    const res = await execa("git", safeGitArgs(args), {
      cwd: dir,
      env: { ...env, ...opts.authEnv },
      extendEnv: true,
      reject: false,
      stdin: "ignore",
      timeout: 120_000,
    });
    const out = String(res.stdout ?? "");
    const err = String(res.stderr ?? "");
    if (res.exitCode !== 0 && !opts.allowFail) {
      const reason = (err || out).trim().split("\n").slice(-3).join(" ");
      throw new DomainError("UNAVAILABLE", `git ${args[0]} failed: ${reason}`);
    }
    return { ok: res.exitCode === 0, out, err };
  };
  try {
    await run(["clone", "--quiet", "--shared", "--branch", branch, "--", mirrorDir, "."]);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    git: run,
    async isAncestor(a, b) {
      return (await run(["merge-base", "--is-ancestor", a, b], { allowFail: true })).ok;
    },
    async revParse(ref) {
      return assertSha((await run(["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`])).out.trim());
    },
    async push(target) {
      // The push is the one call here that reaches the remote: with the repository's credentials.
      const auth = typeof remote === "string" ? undefined : remote.auth;
      const res = await withGitAuth(auth, (authEnv) =>
        run(["-c", "credential.helper=", "push", "--porcelain", "--", remoteUrl(remote), `HEAD:refs/heads/${target}`], {
          allowFail: true,
          authEnv,
        }),
      );
      if (res.ok) return;
      throw new DomainError("CONFLICT", `The remote refused the push to ${target}: ${pushRejectionReason(res.out, res.err)}`);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What a user needs from a refused push: the hook's own words and git's verdict, without URLs (they may hold a token). */
export function pushRejectionReason(stdout: string, stderr: string): string {
  const lines = `${stderr}\n${stdout}`
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const remote = lines
    .filter((l) => l.startsWith("remote:"))
    .map((l) => l.slice(7).trim())
    .filter(Boolean);
  const verdict = lines.filter((l) => /^!\s|\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first/.test(l) || /^!\t/.test(l));
  const parts = [...remote, ...verdict.map((l) => l.replace(/^!\s*/, "").replace(/\s+/g, " "))];
  const text = (parts.length ? parts : lines.slice(-2)).join("; ").replace(/[a-z]+:\/\/[^\s]*@/gi, "");
  if (/non-fast-forward|fetch first|\[rejected\]/.test(text))
    return `${text} (the branch moved on the remote meanwhile; reload and try again)`;
  return text || "unknown reason";
}
