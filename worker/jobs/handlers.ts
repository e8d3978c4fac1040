import type { JobName } from "../../server/jobs/catalog";
import type { JobHandler } from "./job-context";
import { runBuildJob } from "./build";
import { pushJobHandler } from "./push";
import { gitRemoteJobHandler } from "./git-remote";
import { releaseJobHandler, settleReleaseJobHandler, settleReleasesJobHandler } from "./releases";
import {
  emitApprovalEventsJobHandler,
  pollRepositoriesJobHandler,
  pruneUploadsJobHandler,
  reapBuildsJobHandler,
  reconcilePreviewsJobHandler,
} from "./maintenance";

/** The handler of every entry of the job catalog (server/jobs/catalog.ts): a missing one does not compile. */
export const HANDLERS: { [N in JobName]: JobHandler<N> } = {
  build: runBuildJob,
  push: pushJobHandler,
  release: releaseJobHandler,
  "git-remote": gitRemoteJobHandler,
  "settle-release": settleReleaseJobHandler,
  "settle-releases": settleReleasesJobHandler,
  "reap-builds": reapBuildsJobHandler,
  "reconcile-previews": reconcilePreviewsJobHandler,
  "emit-approval-events": emitApprovalEventsJobHandler,
  "prune-uploads": pruneUploadsJobHandler,
  "poll-repositories": pollRepositoriesJobHandler,
};
