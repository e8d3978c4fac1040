import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { DomainError } from "../errors";

/**
 * Git through its CLI with argument arrays (never a shell string): branch names, paths and messages
 * are data. GIT_TERMINAL_PROMPT=0 makes an unreachable or private remote fail instead of hanging.
 */
const GIT_ENV = { GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "true", LC_ALL: "C" };
const SHA_RE = /^[0-9a-f]{40}$/;

async function git(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) {
  const res = await execa("git", args, {
    cwd: opts.cwd,
    env: GIT_ENV,
    timeout: opts.timeoutMs ?? 120_000,
    reject: false,
    stdin: "ignore",
  });
  if (res.exitCode !== 0) {
    const reason = (res.stderr || res.stdout || String(res.exitCode)).toString().trim().split("\n").slice(-3).join(" ");
    throw new DomainError("UNAVAILABLE", `git ${args[0]} failed: ${reason}`);
  }
  return res.stdout.toString();
}

export function assertSha(sha: string): string {
  if (!SHA_RE.test(sha)) throw new DomainError("BAD_INPUT", `Not a commit id: ${JSON.stringify(sha.slice(0, 60))}`);
  return sha;
}

/** Branch name → commit of every branch on the remote. */
export async function lsRemoteBranches(url: string): Promise<Record<string, string>> {
  const out = await git(["ls-remote", "--heads", "--", url], { timeoutMs: 30_000 });
  const refs: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const [sha, ref] = line.split("\t");
    if (sha && ref?.startsWith("refs/heads/")) refs[ref.slice("refs/heads/".length)] = sha;
  }
  return refs;
}

const mirrorLocks = new Map<string, Promise<void>>();

/**
 * A bare mirror of the remote kept per repository, fetched before each checkout. Builds of several
 * services start at once: syncs of one mirror queue up in this process, a first clone lands by an
 * atomic rename (so another process never sees half a mirror), and a fetch that lost a ref-lock race
 * with another process is tried again.
 */
export function syncMirror(url: string, mirrorDir: string): Promise<void> {
  const previous = mirrorLocks.get(mirrorDir) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => syncMirrorNow(url, mirrorDir));
  mirrorLocks.set(mirrorDir, next);
  void next.finally(() => {
    if (mirrorLocks.get(mirrorDir) === next) mirrorLocks.delete(mirrorDir);
  }).catch(() => {});
  return next;
}

async function syncMirrorNow(url: string, mirrorDir: string): Promise<void> {
  const exists = await stat(path.join(mirrorDir, "HEAD")).then(() => true, () => false);
  if (!exists) {
    await mkdir(path.dirname(mirrorDir), { recursive: true });
    const tmp = `${mirrorDir}.tmp-${process.pid}-${Date.now()}`;
    await git(["clone", "--mirror", "--quiet", "--", url, tmp]);
    try {
      await rename(tmp, mirrorDir);
    } catch {
      // Another process cloned it first: theirs is as good as ours.
      await rm(tmp, { recursive: true, force: true });
    }
    return;
  }
  // refs/pull/N/head: a GitHub pull request from a fork, whose commit is on no branch here.
  const fetch = () => git(["--git-dir", mirrorDir, "fetch", "--prune", "--quiet", "--", url, "+refs/heads/*:refs/heads/*", "+refs/pull/*/head:refs/pull/*/head"]);
  await fetch().catch(async () => {
    await new Promise((r) => setTimeout(r, 300));
    await fetch();
  });
}

/** A clean working copy of one commit, sharing the mirror's objects. */
export async function checkoutCommit(mirrorDir: string, sha: string, workDir: string): Promise<void> {
  assertSha(sha);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(path.dirname(workDir), { recursive: true });
  await git(["clone", "--shared", "--no-checkout", "--quiet", "--", mirrorDir, workDir]);
  await git(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", sha], { cwd: workDir });
}

export interface CommitInfo {
  sha: string;
  message: string;
  author: string;
  date: string;
}

export async function commitInfo(gitDir: string, sha: string): Promise<CommitInfo> {
  assertSha(sha);
  const out = await git(["--git-dir", gitDir, "show", "-s", "--format=%H%x00%an%x00%aI%x00%s", sha]);
  const [full, author, date, message] = out.trim().split("\0");
  return { sha: full, author, date, message };
}

/** Files changed between two commits (all files of `to` when `from` is unknown or unrelated). */
export async function changedFiles(gitDir: string, from: string | null, to: string): Promise<string[] | null> {
  assertSha(to);
  if (!from) return null;
  assertSha(from);
  try {
    const out = await git(["--git-dir", gitDir, "diff", "--name-only", "--no-renames", from, to]);
    return out.split("\n").filter(Boolean);
  } catch {
    return null;
  }
}
