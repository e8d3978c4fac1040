import { stat } from "node:fs/promises";
import path from "node:path";
import { checkoutCommit, syncMirror } from "../../server/domain/git/git";
import { mirrorDir } from "../../server/domain/triggers/handle-branch";
import type { BuildContext } from "../build-context";

/** Fetch into the repository's cached mirror, then a clean working copy of exactly this commit. */
export async function checkout(ctx: BuildContext) {
  const { app } = ctx.build;
  const gitDir = mirrorDir(ctx.deps.env.SLIPWAY_DATA_DIR, app.repositoryId);
  ctx.log.line(`Fetching ${app.repository.url}`);
  await syncMirror(app.repository.url, gitDir);
  ctx.log.line(`Checking out ${ctx.build.commitSha.slice(0, 12)} (${ctx.build.branch ?? "detached"})`);
  await checkoutCommit(gitDir, ctx.build.commitSha, ctx.workDir);
  const config = path.join(ctx.serviceDir, "serverless.yml");
  const found = await stat(config).then(() => true, () => false);
  if (!found) {
    throw new Error(`No serverless.yml in ${ctx.build.service.path}/ at this commit.`);
  }
}
