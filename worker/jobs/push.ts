import { handlePush } from "../../server/domain/triggers/handle-push";
import type { JobHandler } from "./job-context";

/** A webhook's push, deletion or pull request: mirror fetch, the branch head, builds (server/domain/triggers/handle-push.ts). */
export const pushJobHandler: JobHandler<"push"> = async (ctx, { change }) => {
  const { db, env, cipher, github } = ctx.deps;
  return handlePush({ deps: { db, queue: ctx.buildQueue, dataDir: env.SLIPWAY_DATA_DIR, cipher, report: github ?? null }, change });
};
