import { execa } from "execa";
import { DomainError } from "../errors";
import { assertSha } from "../git/git";
import { SAFE_GIT_ENV, safeGitArgs } from "../git/safe-git";

/** Reads of the local mirror as the worker last synced it, for pages and the web's checks: no remote is reached here. */
const BASE_ENV = { ...SAFE_GIT_ENV };

export interface LoggedCommit {
  sha: string;
  author: string;
  date: string;
  message: string;
}

/** `git log from..to -- paths` in a (bare) git dir, newest first. */
export async function logRange(
  gitDir: string,
  from: string | null,
  to: string,
  paths: string[] = [],
  limit = 100,
): Promise<LoggedCommit[]> {
  assertSha(to);
  if (from) assertSha(from);
  const range = from ? `${from}..${to}` : to;
  const res = await execa(
    "git",
    safeGitArgs(["--git-dir", gitDir, "log", `--max-count=${limit}`, "--format=%H%x00%an%x00%aI%x00%s", range, "--", ...paths]),
    { env: BASE_ENV, reject: false, stdin: "ignore" },
  );
  if (res.exitCode !== 0) return [];
  return String(res.stdout)
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [sha, author, date, message] = line.split("\0");
      return { sha, author, date, message };
    });
}

/** Whether every commit is already in the mirror (so a page view need not fetch). */
export async function hasCommits(gitDir: string, shas: string[]): Promise<boolean> {
  for (const sha of shas) {
    const res = await execa("git", safeGitArgs(["--git-dir", gitDir, "cat-file", "-e", `${assertSha(sha)}^{commit}`]), {
      env: BASE_ENV,
      reject: false,
      stdin: "ignore",
    });
    if (res.exitCode !== 0) return false;
  }
  return true;
}

/** Ancestry and refs read from the local mirror as the worker last synced it (no remote is reached). */
export function mirrorRefs(gitDir: string) {
  const run = (args: string[]) =>
    execa("git", safeGitArgs(["--git-dir", gitDir, ...args]), { env: BASE_ENV, reject: false, stdin: "ignore" });
  return {
    async isAncestor(a: string, b: string) {
      return (await run(["merge-base", "--is-ancestor", a, b])).exitCode === 0;
    },
    async revParse(ref: string) {
      const res = await run(["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`]);
      if (res.exitCode !== 0) throw new DomainError("UNAVAILABLE", `The mirror has no ${ref}.`);
      return assertSha(String(res.stdout).trim());
    },
  };
}
