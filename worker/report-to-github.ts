import { reportBuild } from "../server/domain/github/report-build";
import { DomainError } from "../server/domain/errors";
import type { BuildWithRelations, WorkerDeps } from "./build-context";
import { buildLogger } from "../server/logger";

/**
 * Commit statuses, the GitHub Deployment and the PR comment for one build, when its app's
 * repository is on GitHub and the org has a way to speak to it. Reports go out in order (started,
 * then finished) and a GitHub outage never fails or holds up the build: errors are logged and
 * dropped. A refusal the user can act on (the installation cannot see the repository) is said in
 * the build's log.
 */
export function githubReporting(deps: WorkerDeps, build: BuildWithRelations, note: (line: string) => void) {
  const github = deps.report;
  let last: Promise<void> = Promise.resolve();
  // Only the start may write to the log: it is closed when the build has finished.
  const send = (say: ((line: string) => void) | null) => {
    if (!github || !build.app.repository.githubRepo) return last;
    last = last
      .then(() => reportBuild(github, build.id))
      .catch((e) => {
        const message = (e as Error).message;
        if (e instanceof DomainError && say) say(`GitHub: nothing reported — ${message}`);
        buildLogger(build.id).error(`[worker] GitHub report for build ${build.id}: ${message}`);
      });
    return last;
  };
  return { started: () => void send(note), finished: () => send(null) };
}
