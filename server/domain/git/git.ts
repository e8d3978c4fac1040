import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { DomainError } from "../errors";
import { explainGitFailure } from "./git-failure";
import { SAFE_GIT_ENV, safeGitArgs } from "./safe-git";

/**
 * Git through its CLI with argument arrays (never a shell string): branch names, paths and messages
 * are data. GIT_TERMINAL_PROMPT=0 makes an unreachable or private remote fail instead of hanging;
 * the safe configuration (safe-git.ts) means nothing written into a repository executes.
 */
const GIT_ENV = { ...SAFE_GIT_ENV };
const SHA_RE = /^[0-9a-f]{40}$/;

/**
 * How git authenticates to a remote: the repository's deploy key (with the host keys accepted on
 * first connection) or its HTTPS token. Never part of a URL or an argument: the key goes to a 0600
 * file in a private temp folder that is removed after the call, the token to git's askpass through
 * the environment.
 */
export interface GitAuth {
  sshKey?: { privateKey: string; knownHosts: string };
  token?: { username: string; password: string };
}

/** A remote and its credentials; a plain string is a remote that needs none (a local path, a public URL). */
export type GitRemote = string | { url: string; auth?: GitAuth };

export const remoteUrl = (remote: GitRemote) => (typeof remote === "string" ? remote : remote.url);
const remoteAuth = (remote: GitRemote) => (typeof remote === "string" ? undefined : remote.auth);

// Reads the token from the environment git gives it: the script holds no secret.
const ASKPASS = `#!/bin/sh
case "$1" in
  Username*) printf '%s\\n' "$SLIPWAY_GIT_USERNAME" ;;
  *) printf '%s\\n' "$SLIPWAY_GIT_PASSWORD" ;;
esac
`;

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * Runs `fn` with the environment that authenticates git to the remote; the temp folder holding
 * the key (0600) and known_hosts is removed afterwards, whatever happens.
 */
export async function withGitAuth<T>(auth: GitAuth | undefined, fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  if (!auth?.sshKey && !auth?.token) return fn({});
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-git-auth-"));
  try {
    const env: Record<string, string> = {};
    if (auth.sshKey) {
      const key = path.join(dir, "key");
      const knownHosts = path.join(dir, "known_hosts");
      await writeFile(key, auth.sshKey.privateKey.endsWith("\n") ? auth.sshKey.privateKey : `${auth.sshKey.privateKey}\n`, { mode: 0o600 });
      await writeFile(knownHosts, auth.sshKey.knownHosts, { mode: 0o600 });
      // -F /dev/null: no ssh_config of the machine's user (a ProxyCommand there must not apply).
      env.GIT_SSH_COMMAND = [
        "ssh -F /dev/null",
        `-i ${shellQuote(key)}`,
        "-o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=15",
        `-o UserKnownHostsFile=${shellQuote(knownHosts)} -o GlobalKnownHostsFile=/dev/null`,
        "-o StrictHostKeyChecking=yes -o UpdateHostKeys=no",
      ].join(" ");
    }
    if (auth.token) {
      const askpass = path.join(dir, "askpass");
      await writeFile(askpass, ASKPASS, { mode: 0o700 });
      Object.assign(env, { GIT_ASKPASS: askpass, SLIPWAY_GIT_USERNAME: auth.token.username, SLIPWAY_GIT_PASSWORD: auth.token.password });
    }
    return await fn(env);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface GitOpts {
  cwd?: string;
  timeoutMs?: number;
  /** Set for calls that reach the remote: its credentials, and failures explained in words. */
  remote?: GitRemote;
}

async function git(args: string[], opts: GitOpts = {}) {
  const run = (authEnv: Record<string, string>) =>
    execa("git", safeGitArgs(opts.remote ? ["-c", "credential.helper=", ...args] : args), {
      cwd: opts.cwd,
      env: { ...GIT_ENV, ...authEnv },
      timeout: opts.timeoutMs ?? 120_000,
      reject: false,
      stdin: "ignore",
    });
  const res = await withGitAuth(opts.remote ? remoteAuth(opts.remote) : undefined, run);
  if (res.exitCode !== 0 || res.timedOut) {
    const stderr = (res.stderr || res.stdout || String(res.exitCode)).toString();
    if (opts.remote) {
      const failure = explainGitFailure(stderr, res.timedOut ?? false, remoteUrl(opts.remote));
      throw new GitRemoteError(failure.reason, `git ${args[0]} failed: ${failure.message}`);
    }
    const reason = stderr.trim().split("\n").slice(-3).join(" ");
    throw new DomainError("UNAVAILABLE", `git ${args[0]} failed: ${reason}`);
  }
  return res.stdout.toString();
}

/** A remote that refused or could not be reached, with the reason in a word (auth, host-key-changed, not-found, timeout…). */
export class GitRemoteError extends DomainError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super("UNAVAILABLE", message);
  }
}

export function assertSha(sha: string): string {
  if (!SHA_RE.test(sha)) throw new DomainError("BAD_INPUT", `Not a commit id: ${JSON.stringify(sha.slice(0, 60))}`);
  return sha;
}

/** Branch name → commit of every branch on the remote. */
export async function lsRemoteBranches(remote: GitRemote): Promise<Record<string, string>> {
  return (await lsRemote(remote)).branches;
}

/** The remote's branches and its default branch (what its HEAD points to), in one round trip. */
export async function lsRemote(
  remote: GitRemote,
  timeoutMs = 30_000,
): Promise<{ branches: Record<string, string>; defaultBranch: string | null }> {
  const out = await git(["ls-remote", "--symref", "--", remoteUrl(remote), "HEAD", "refs/heads/*"], { timeoutMs, remote });
  const branches: Record<string, string> = {};
  let defaultBranch: string | null = null;
  for (const line of out.split("\n")) {
    const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
    if (symref) defaultBranch = symref[1];
    const [sha, ref] = line.split("\t");
    if (sha && SHA_RE.test(sha) && ref?.startsWith("refs/heads/")) branches[ref.slice("refs/heads/".length)] = sha;
  }
  if (defaultBranch && !(defaultBranch in branches)) defaultBranch = null;
  return { branches, defaultBranch };
}

const mirrorLocks = new Map<string, Promise<void>>();

/**
 * A bare mirror of the remote kept per repository, fetched before each checkout. Builds of several
 * services start at once: syncs of one mirror queue up in this process, a first clone lands by an
 * atomic rename (so another process never sees half a mirror), and a fetch that lost a ref-lock race
 * with another process is tried again.
 */
export function syncMirror(remote: GitRemote, mirrorDir: string): Promise<void> {
  const previous = mirrorLocks.get(mirrorDir) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => syncMirrorNow(remote, mirrorDir));
  mirrorLocks.set(mirrorDir, next);
  void next
    .finally(() => {
      if (mirrorLocks.get(mirrorDir) === next) mirrorLocks.delete(mirrorDir);
    })
    .catch(() => {});
  return next;
}

async function syncMirrorNow(remote: GitRemote, mirrorDir: string): Promise<void> {
  const url = remoteUrl(remote);
  const exists = await stat(path.join(mirrorDir, "HEAD")).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(path.dirname(mirrorDir), { recursive: true });
    const tmp = `${mirrorDir}.tmp-${process.pid}-${Date.now()}`;
    try {
      await git(["clone", "--mirror", "--quiet", "--", url, tmp], { remote });
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    try {
      await rename(tmp, mirrorDir);
    } catch {
      // Another process cloned it first: theirs is as good as ours.
      await rm(tmp, { recursive: true, force: true });
    }
    return;
  }
  // refs/pull/N/head: a GitHub pull request from a fork, whose commit is on no branch here.
  const fetch = () =>
    git(
      [
        "--git-dir",
        mirrorDir,
        "fetch",
        "--prune",
        "--quiet",
        "--",
        url,
        "+refs/heads/*:refs/heads/*",
        "+refs/pull/*/head:refs/pull/*/head",
      ],
      { remote },
    );
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

/** The commit a ref of a (bare) git dir points at, or null when there is no such ref. */
export async function refHead(gitDir: string, ref: string): Promise<string | null> {
  if (ref.startsWith("-") || !ref.startsWith("refs/")) throw new DomainError("BAD_INPUT", "Not a full ref name.");
  try {
    const out = await git(["--git-dir", gitDir, "rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    return out.trim() || null;
  } catch {
    return null;
  }
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

/** Every file path of a commit or branch in a (bare) git dir. */
export async function listFiles(gitDir: string, ref: string): Promise<string[]> {
  if (ref.startsWith("-")) throw new DomainError("BAD_INPUT", "Not a branch or commit.");
  const out = await git(["--git-dir", gitDir, "ls-tree", "-r", "-z", "--name-only", "--end-of-options", ref]);
  return out.split("\0").filter(Boolean);
}

/**
 * The contents of many files of one ref at once (`git cat-file --batch`: one process, not one per
 * file); files over `maxBytes` come back as null.
 */
export async function readFiles(gitDir: string, ref: string, paths: string[], maxBytes = 1_000_000): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (paths.length === 0) return out;
  const res = await execa("git", safeGitArgs(["--git-dir", gitDir, "cat-file", "--batch"]), {
    env: GIT_ENV,
    input: paths.map((p) => `${ref}:${p}`).join("\n") + "\n",
    encoding: "buffer",
    reject: false,
    timeout: 60_000,
  });
  if (res.exitCode !== 0) throw new DomainError("UNAVAILABLE", "git cat-file failed.");
  const buf = Buffer.from(res.stdout as Uint8Array);
  let pos = 0;
  for (const p of paths) {
    const nl = buf.indexOf(10, pos);
    const header = buf.subarray(pos, nl).toString();
    pos = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      out.set(p, null); // "<spec> missing"
      continue;
    }
    const size = Number(m[2]);
    out.set(p, m[1] === "blob" && size <= maxBytes ? buf.subarray(pos, pos + size).toString("utf8") : null);
    pos += size + 1;
  }
  return out;
}
