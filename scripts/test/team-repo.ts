import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

/**
 * A brand-new team repository for onboarding tests: a bare repository (what Slipway connects to)
 * with a working clone to commit and push from, made from a map of files.
 */
export interface TeamRepo {
  bareDir: string;
  workDir: string;
  git(...args: string[]): Promise<string>;
  /** Writes files, commits and pushes them to `branch` (created from the current one if new). */
  push(files: Record<string, string>, message: string, branch?: string): Promise<string>;
}

const AUTHOR = ["-c", "user.name=Team Admin", "-c", "user.email=admin@team.example"];

export async function createTeamRepo(root: string, name: string, files: Record<string, string>): Promise<TeamRepo> {
  const bareDir = path.join(root, `${name}.git`);
  const workDir = path.join(root, `${name}-work`);
  await mkdir(workDir, { recursive: true });
  await execa("git", ["init", "--bare", "--quiet", "--initial-branch=master", bareDir]);
  const git = async (...args: string[]) => (await execa("git", [...AUTHOR, ...args], { cwd: workDir })).stdout;
  await git("init", "--quiet", "--initial-branch=master");
  await git("remote", "add", "origin", bareDir);
  const repo: TeamRepo = {
    bareDir,
    workDir,
    git,
    async push(more, message, branch = "master") {
      const current = (await git("rev-parse", "--abbrev-ref", "HEAD").catch(() => "master")).trim();
      if (current !== branch) {
        const exists = (await git("branch", "--list", branch)).trim() !== "";
        await git("checkout", "--quiet", ...(exists ? [branch] : ["-b", branch]));
      }
      for (const [file, content] of Object.entries(more)) {
        await mkdir(path.dirname(path.join(workDir, file)), { recursive: true });
        await writeFile(path.join(workDir, file), content);
      }
      await git("add", "-A");
      await git("commit", "--quiet", "--allow-empty", "-m", message);
      await git("push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
      return (await git("rev-parse", "HEAD")).trim();
    },
  };
  await repo.push(files, "First commit");
  return repo;
}

/** A small HTTP service as a team would have it: answers GET /hello with its stage. */
export function helloService(name: string, greeting = "Hello"): Record<string, string> {
  return {
    [`services/${name}/serverless.yml`]: [
      `service: ${name}`,
      'frameworkVersion: "3"',
      "provider:",
      "  name: aws",
      "  runtime: nodejs20.x",
      "  environment:",
      "    STAGE: ${sls:stage}",
      "functions:",
      "  hello:",
      "    handler: handler.hello",
      "    events:",
      "      - httpApi:",
      "          path: /hello",
      "          method: get",
      "",
    ].join("\n"),
    [`services/${name}/package.json`]: `${JSON.stringify({ name, private: true, scripts: { test: "node -e \"require('./handler.js')\"" } }, null, 2)}\n`,
    [`services/${name}/handler.js`]: `exports.hello = async () => ({ statusCode: 200, body: JSON.stringify({ message: ${JSON.stringify(greeting)}, stage: process.env.STAGE }) });\n`,
  };
}
