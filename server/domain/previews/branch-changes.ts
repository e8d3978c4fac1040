import { execa } from "execa";
import { assertSha } from "../git/git";
import { SAFE_GIT_ENV, safeGitArgs } from "../git/safe-git";

export interface ChangedFile {
  path: string;
  /** git's letter: A added, M modified, D deleted, T type changed. */
  status: "A" | "M" | "D" | "T";
}

/**
 * The files a branch changed since it left its base (`git diff base...head`: against the merge
 * base, so commits that landed on the base meanwhile are not counted as the branch's). Null when
 * the two commits share no history or git cannot tell.
 */
export async function branchChangedFiles(opts: {
  gitDir: string;
  baseSha: string;
  headSha: string;
  limit?: number;
}): Promise<ChangedFile[] | null> {
  const res = await execa(
    "git",
    safeGitArgs([
      "--git-dir",
      opts.gitDir,
      "diff",
      "--name-status",
      "--no-renames",
      "-z",
      `${assertSha(opts.baseSha)}...${assertSha(opts.headSha)}`,
    ]),
    { env: SAFE_GIT_ENV, reject: false, stdin: "ignore", timeout: 30_000 },
  );
  if (res.exitCode !== 0) return null;
  const parts = String(res.stdout).split("\0").filter(Boolean);
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length && files.length < (opts.limit ?? 500); i += 2) {
    const status = parts[i].charAt(0);
    files.push({ path: parts[i + 1], status: (["A", "M", "D", "T"].includes(status) ? status : "M") as ChangedFile["status"] });
  }
  return files;
}
