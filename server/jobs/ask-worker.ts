import type { AppDeps } from "../deps";
import { DomainError, type DomainErrorCode } from "../domain/errors";
import { findOrgRepository } from "../domain/repositories/find-repository";
import { jobOptions } from "./catalog";
import { gitRemotePayloadSchema, type GitRemoteAnswer, type GitRemotePayload } from "./git-remote";

/** How long a web request waits for a worker to do its git (a first clone of a large repository is the slow case). */
export const WORKER_ANSWER_TIMEOUT_MS = 60_000;

const unavailable = (why: string) =>
  new DomainError("UNAVAILABLE", `No worker answered ${why}: is a Slipway worker running? Try again in a moment.`);

/** The target is the caller's org's, or NOT_FOUND here, before any job: an outsider never gets as far as a worker. */
async function assertTarget(db: AppDeps["db"], p: GitRemotePayload) {
  const { orgId } = p.actor;
  if (p.op === "test-connection" || p.op === "detect-services") await findOrgRepository(db, orgId, p.repositoryId);
  else if (p.op === "create-app") await findOrgRepository(db, orgId, p.input.repositoryId);
  else if (p.op === "rerun-build") {
    if (!(await db.build.count({ where: { id: p.buildId, service: { app: { orgId } } } })))
      throw new DomainError("NOT_FOUND", "No such build.");
  } else if (!(await db.app.count({ where: { orgId, slug: p.appSlug } }))) throw new DomainError("NOT_FOUND", `No app "${p.appSlug}".`);
}

/**
 * Runs a `git-remote` operation on a worker and returns its answer (server/jobs/git-remote.ts):
 * the web process never reaches a remote itself. No worker connected, or none finishing within
 * `timeoutMs`: UNAVAILABLE (503), never a hang; the worker's DomainError comes back as it was thrown.
 */
export async function askWorker<T>(
  deps: Pick<AppDeps, "db" | "jobs" | "jobEvents">,
  payload: GitRemotePayload,
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? WORKER_ANSWER_TIMEOUT_MS;
  const data = gitRemotePayloadSchema.parse(payload);
  await assertTarget(deps.db, data);
  const queue = deps.jobs.queueOf("git-remote");
  if ((await queue.getWorkers()).length === 0) throw unavailable("(none is connected)");
  await deps.jobEvents.waitUntilReady();
  const job = await queue.add("git-remote", data, jobOptions("git-remote", data));
  let answer: GitRemoteAnswer;
  try {
    answer = (await job.waitUntilFinished(deps.jobEvents, timeoutMs)) as GitRemoteAnswer;
  } catch (e) {
    if (/timed out before finishing/.test((e as Error).message)) {
      // Nobody took it in time: it must not run later behind the user's back.
      await job.remove().catch(() => undefined);
      throw unavailable(`within ${Math.round(timeoutMs / 1000)} s`);
    }
    // The handler answers DomainErrors itself; anything else is the worker's own failure, in its log.
    throw new DomainError("UNAVAILABLE", "The worker could not finish this (its log says why). Try again in a moment.");
  }
  if (!answer.ok) throw new DomainError(answer.code as DomainErrorCode, answer.message, answer.field);
  return answer.value as T;
}
