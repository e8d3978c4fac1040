import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The e2e demo's workshop repository (see scripts/e2e-server.ts): push to it like a developer would. */
export const WORKSHOP_REMOTE = path.join(process.cwd(), ".data", "e2e", "demo", "workshop.git");

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=E2E Dev", "-c", "user.email=e2e@example.com", ...args], { cwd, encoding: "utf8" });

/** Clones the demo repo, edits one file on a branch, commits and pushes; returns the commit. */
export function pushChange(branch: string, file: string, edit: (old: string) => string, message: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "slipway-e2e-clone-"));
  git(dir, "clone", "--quiet", WORKSHOP_REMOTE, ".");
  const remoteHas = git(dir, "ls-remote", "--heads", "origin", branch).trim() !== "";
  git(dir, "checkout", "--quiet", ...(remoteHas ? [branch] : ["-b", branch]));
  const target = path.join(dir, file);
  writeFileSync(target, edit(readFileSync(target, "utf8")));
  git(dir, "commit", "--quiet", "-am", message);
  git(dir, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
  return git(dir, "rev-parse", "HEAD").trim();
}
