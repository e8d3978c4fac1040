import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { BuildContext } from "../build-context";
import { runCommand, stepOptions } from "./run-command";

const exists = (p: string) => stat(p).then(() => true, () => false);

export async function readPackageJson(dir: string): Promise<{ scripts?: Record<string, string>; dependencies?: object; devDependencies?: object } | null> {
  const file = path.join(dir, "package.json");
  if (!(await exists(file))) return null;
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new Error(`package.json does not parse: ${(e as Error).message}`);
  }
}

/** `npm ci` when there is a lockfile (reproducible), else `npm install`; npm's cache is the app's own. */
export async function install(ctx: BuildContext) {
  const pkg = await readPackageJson(ctx.serviceDir);
  if (!pkg) {
    ctx.note = "No package.json: nothing to install.";
    ctx.log.line(ctx.note);
    return;
  }
  const lock = await exists(path.join(ctx.serviceDir, "package-lock.json"));
  const args = lock ? ["ci"] : ["install"];
  await runCommand("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { ...stepOptions(ctx, "install"), env: ctx.childEnv });
}
