import { existsSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../server/db";
import type { Cipher } from "../../server/domain/secrets/cipher";
import { createWorkshopRepo } from "./workshop-repo";
import { seedDemo } from "./seed";

/**
 * The demo's repository and rows, whatever state a previous run left: the bare repository is made
 * under `<data>/demo` when missing, and an existing demo whose stored URL points elsewhere is pointed
 * at it. `redeploy` says the demo must deploy again (first run, a new repository, or a moved one whose
 * old deployments' folders are not where the database says).
 */
export async function prepareDemo(db: Db, cipher: Cipher, dataDir: string, log: (line: string) => void) {
  const repoRoot = path.join(dataDir, "demo");
  const bareDir = path.join(repoRoot, "workshop.git");
  let madeRepo = false;
  if (!existsSync(bareDir)) {
    log("• Creating the workshop repository");
    const repo = await createWorkshopRepo(repoRoot);
    await repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace('"Hello from restapi"', '"Hello from restapi, with a friendlier greeting"'),
      "restapi: a friendlier greeting",
      "feature/greeting",
    );
    await repo.git("checkout", "--quiet", "master");
    await repo.commitFile(
      "services/restapi/handler.js",
      (s) =>
        s
          .replace('"Hello from restapi"', '"Hello from restapi v2"')
          .replace("path: event && event.path,", "path: event && event.path,\n    servedAt: new Date().toISOString(),"),
      "restapi: v2 greeting, and say when the answer was served",
    );
    madeRepo = true;
  }
  const seeded = await seedDemo(db, cipher, bareDir);
  if (seeded.repaired) log(`• The demo's repository moved: it now follows ${bareDir}`);
  if (madeRepo && !seeded.created && seeded.appId) {
    // A repository made again has new commits: the watcher records them (first poll) instead of building the difference.
    await db.repository.updateMany({ where: { app: { id: seeded.appId } }, data: { refs: {}, polledAt: null, pollError: null } });
  }
  return { bareDir, appId: seeded.appId, redeploy: madeRepo || seeded.created || seeded.repaired };
}
