import { realpath } from "node:fs/promises";
import { checkoutCommit, syncMirror } from "../../server/domain/git/git";
import { scrubUrls } from "../../server/domain/git/git-failure";
import { mirrorDir } from "../../server/domain/git/mirror-dir";
import { repositoryRemote } from "../../server/domain/repositories/repository-remote";
import { isInside } from "../../server/domain/variables/inside-root";
import type { BuildContext } from "../build-context";
import { extractUpload } from "./extract-upload";
import { serviceConfigFile } from "../../server/domain/repositories/service-files";

/** Fetch into the repository's cached mirror, then a clean working copy of exactly this commit. */
export async function checkout(ctx: BuildContext) {
  const { app } = ctx.build;
  if (ctx.build.sourceArchive) {
    await extractUpload(ctx, ctx.build.sourceArchive);
    return assertServiceConfig(ctx);
  }
  const gitDir = mirrorDir(ctx.deps.env.SLIPWAY_DATA_DIR, app.repositoryId);
  ctx.log.line(`Fetching ${scrubUrls(app.repository.url)}`);
  await syncMirror(await repositoryRemote(ctx.deps.db, ctx.deps.cipher, app.repository), gitDir);
  ctx.log.line(`Checking out ${ctx.build.commitSha.slice(0, 12)} (${ctx.build.branch ?? "detached"})`);
  await checkoutCommit(gitDir, ctx.build.commitSha, ctx.workDir);
  await assertServiceConfig(ctx);
}

async function assertServiceConfig(ctx: BuildContext) {
  // Install, test and deploy run in the service folder: it must be inside this build's folder,
  // as written (no `../../etc`) and once symlinks committed to the repository are followed.
  const real = await realpath(ctx.serviceDir).catch(() => ctx.serviceDir);
  if (!isInside(ctx.workDir, ctx.serviceDir) || !isInside(await realpath(ctx.workDir), real)) {
    throw new Error(`The service folder "${ctx.build.service.path}" is outside the repository checkout.`);
  }
  if (!(await serviceConfigFile(ctx.serviceDir))) {
    throw new Error(
      `No serverless.yml (or .yaml, .json) in ${ctx.build.service.path}/ ${ctx.build.sourceArchive ? "in the uploaded working copy" : "at this commit"}.`,
    );
  }
}
