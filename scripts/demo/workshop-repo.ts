import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), "workshop");

export interface WorkshopRepo {
  /** The bare repository: what Slipway watches (a real remote; pushes to it are real pushes). */
  bareDir: string;
  /** A working clone to commit and push from. */
  workDir: string;
  git(...args: string[]): Promise<string>;
  /** Rewrites a file in the working copy, commits and pushes it; returns the new commit. */
  commitFile(file: string, content: string | ((old: string) => string), message: string, branch?: string): Promise<string>;
  head(branch: string): Promise<string>;
}

const AUTHOR = ["-c", "user.name=Ada Developer", "-c", "user.email=ada@example.com"];

/** Creates the demo monorepo (database, restapi, tasks) as a bare repo with master and prod. */
export async function createWorkshopRepo(root?: string): Promise<WorkshopRepo> {
  const base = root ?? (await mkdtemp(path.join(os.tmpdir(), "slipway-workshop-")));
  const bareDir = path.join(base, "workshop.git");
  const workDir = path.join(base, "workshop-work");
  await mkdir(base, { recursive: true });
  await execa("git", ["init", "--bare", "--quiet", "--initial-branch=master", bareDir]);
  await cp(TEMPLATE, workDir, { recursive: true });
  const git = async (...args: string[]) => (await execa("git", [...AUTHOR, ...args], { cwd: workDir })).stdout;
  await git("init", "--quiet", "--initial-branch=master");
  await git("remote", "add", "origin", bareDir);
  await git("add", "-A");
  await git("commit", "--quiet", "-m", "Workshop app: database, restapi and tasks services");
  await git("push", "--quiet", "origin", "master");
  await git("push", "--quiet", "origin", "master:prod");
  const repo: WorkshopRepo = {
    bareDir,
    workDir,
    git,
    async commitFile(file, content, message, branch = "master") {
      const current = (await git("rev-parse", "--abbrev-ref", "HEAD")).trim();
      if (current !== branch) {
        const exists = (await git("branch", "--list", branch)).trim() !== "";
        await git("checkout", "--quiet", ...(exists ? [branch] : ["-b", branch]));
      }
      const target = path.join(workDir, file);
      const old = await readFile(target, "utf8").catch(() => "");
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, typeof content === "function" ? content(old) : content);
      await git("add", "-A");
      await git("commit", "--quiet", "-m", message);
      await git("push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
      return (await git("rev-parse", "HEAD")).trim();
    },
    async head(branch) {
      return (await execa("git", ["--git-dir", bareDir, "rev-parse", `refs/heads/${branch}`])).stdout.trim();
    },
  };
  return repo;
}
