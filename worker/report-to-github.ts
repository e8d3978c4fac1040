import { reportBuild } from "../server/domain/github/report-build";
import type { BuildWithRelations, WorkerDeps } from "./build-context";

/**
 * Commit statuses and the PR comment for one build, when its app's repository is on GitHub and a
 * token is configured. Reports go out in order (started, then finished) and a GitHub outage never
 * fails or holds up the build: errors are logged and dropped.
 */
export function githubReporting(deps: WorkerDeps, build: BuildWithRelations) {
  const github = deps.github;
  let last: Promise<void> = Promise.resolve();
  const send = () => {
    if (!github || !build.app.repository.githubRepo) return last;
    last = last.then(() => reportBuild(github, build.id)).catch((e) => console.error(`[worker] GitHub report for build ${build.id}: ${(e as Error).message}`));
    return last;
  };
  return { started: () => void send(), finished: () => send() };
}
