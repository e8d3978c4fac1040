import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { BuildContext } from "../build-context";
import { runCommand, stepOptions } from "./run-command";
import { dependencyCacheKey, pruneDependencyCache, restoreDependencies, serviceCacheDir, storeDependencies } from "./dependency-cache";

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

export async function readPackageJson(
  dir: string,
): Promise<{ scripts?: Record<string, string>; dependencies?: object; devDependencies?: object } | null> {
  const file = path.join(dir, "package.json");
  if (!(await exists(file))) return null;
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new Error(`package.json does not parse: ${(e as Error).message}`);
  }
}

// What `npm ci` runs of the service's own package, in npm's order: a restored node_modules runs them too.
const OWN_INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"];

/**
 * `npm ci` when there is a lockfile (reproducible), else `npm install`; npm's cache is the app's own.
 * With a lockfile, a previous build's node_modules of the same key is restored instead
 * (worker/steps/dependency-cache.ts), and a fresh install is kept for the next build.
 */
export async function install(ctx: BuildContext) {
  const pkg = await readPackageJson(ctx.serviceDir);
  if (!pkg) {
    ctx.note = "No package.json: nothing to install.";
    ctx.log.line(ctx.note);
    return;
  }
  const lock = await exists(path.join(ctx.serviceDir, "package-lock.json"));
  const args = [lock ? "ci" : "install", "--no-audit", "--no-fund", "--prefer-offline"];
  const { env } = ctx.deps;
  const { service } = ctx.build;
  const key = lock ? await dependencyCacheKey({ serviceDir: ctx.serviceDir, args, epoch: service.dependencyCacheEpoch }) : null;
  const at = {
    dataDir: env.SLIPWAY_DATA_DIR,
    cacheDir: serviceCacheDir({ dataDir: env.SLIPWAY_DATA_DIR, appId: ctx.build.app.id, serviceId: service.id }),
    serviceDir: ctx.serviceDir,
    workDir: ctx.workDir,
  };
  const prune = () =>
    pruneDependencyCache({
      dataDir: env.SLIPWAY_DATA_DIR,
      maxBytes: env.DEP_CACHE_MAX_MB * 1048576,
      maxAgeMs: env.DEP_CACHE_MAX_AGE_DAYS * 86_400_000,
      current: { cacheDir: at.cacheDir, epoch: service.dependencyCacheEpoch },
    }).catch((e) => ctx.log.line(`⚠ Dependency cache: pruning failed: ${(e as Error).message}`));
  if (!key) {
    ctx.log.line("Dependency cache: off (no package-lock.json: npm install)");
  } else {
    await prune(); // before a restore: a cleared cache's entries are gone first
    const ownScripts = OWN_INSTALL_SCRIPTS.filter((s) => pkg.scripts?.[s]);
    const hit = await restoreDependencies({ ...at, key, copy: ownScripts.length > 0 }).catch((e) => {
      ctx.log.line(`⚠ Dependency cache: restore failed (${(e as Error).message}); installing`);
      return false;
    });
    if (hit) {
      ctx.log.line(`Dependency cache: hit (key ${key})`);
      ctx.note = `node_modules restored from the dependency cache (key ${key})`;
      for (const script of ownScripts) {
        await runCommand("npm", ["run", script], { ...stepOptions(ctx, "install"), env: ctx.childEnv });
      }
      return;
    }
    ctx.log.line(`Dependency cache: miss (key ${key})`);
  }
  await runCommand("npm", args, { ...stepOptions(ctx, "install"), env: ctx.childEnv });
  if (!key) return;
  // Kept right after the install, before any test of this build runs.
  const notKept = await storeDependencies({
    ...at,
    key,
    epoch: service.dependencyCacheEpoch,
    maxBytes: env.DEP_CACHE_MAX_MB * 1048576,
  }).catch((e) => (e as Error).message);
  if (notKept) ctx.log.line(`⚠ Dependency cache: not kept: ${notKept}`);
  await prune();
}
