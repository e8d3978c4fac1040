import { handlePush } from "../../server/domain/triggers/handle-push";
import type { JobHandler } from "./job-context";

/** A webhook's push, deletion or pull request: mirror fetch, the branch head, builds (server/domain/triggers/handle-push.ts). */
export const pushJobHandler: JobHandler<"push"> = async (ctx, { change }) => {
  return handlePush({ deps: { ...ctx.deps, report: ctx.deps.report ?? null }, change });
};
