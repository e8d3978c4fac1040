import { existsSync } from "node:fs";
import { chown, stat } from "node:fs/promises";
import path from "node:path";
import { mirrorDir } from "../../server/domain/git/mirror-dir";
import type { BuildContext } from "../build-context";
import { getSandbox, type Sandbox, type SandboxSpec } from "./sandbox";

/** npm's cache per app: builds of one app share it, no other app (or org) sees it. */
export const appNpmCache = (dataDir: string, appId: string) => path.join(dataDir, "npm-cache", appId);

/**
 * How a build step's commands are sandboxed: the build's uid, the app's gid, its own folder and the
 * app's npm cache writable, the repository's mirror read-only (the checkout borrows its objects).
 */
export function stepSandbox(ctx: BuildContext): { box: Sandbox; spec: SandboxSpec } {
  const { env } = ctx.deps;
  const mirror = ctx.build.sourceArchive ? null : mirrorDir(env.SLIPWAY_DATA_DIR, ctx.build.app.repositoryId);
  return {
    box: getSandbox(env),
    spec: {
      kind: "step",
      uidKey: `build:${ctx.build.id}`,
      gidKey: `app:${ctx.build.app.id}`,
      cwd: ctx.serviceDir,
      writable: [ctx.workDir],
      shared: [appNpmCache(env.SLIPWAY_DATA_DIR, ctx.build.app.id)],
      readOnly: mirror && existsSync(mirror) ? [mirror] : [],
    },
  };
}

/** A file the worker wrote for user code (resolved config): owned like the build folder, so the sandbox can read it. */
export async function handToBuild(ctx: BuildContext, file: string) {
  const st = await stat(ctx.workDir);
  if (st.uid !== 0 || st.gid !== 0) await chown(file, st.uid, st.gid);
}
