import type { Redis } from "ioredis";
import type { Db } from "../db";
import { endLog } from "./build-log";
import { followLog, type LogEvent, type StoredLog } from "./follow-log";
import { LogWriter } from "./log-writer";
import { scrubUrls } from "../domain/git/git-failure";

/**
 * A release job's progress lines (fetch, merge or revert, push, builds): the build log machinery
 * with its own stream per release (`log:release-<id>`), kept on the Release row when the job ends.
 */
export const releaseStreamId = (releaseId: string) => `release-${releaseId}`;

/** Lines with URLs scrubbed of credentials, shipped in batches; `close()` ends the stream and keeps the log. */
export function releaseLogWriter(deps: { db: Db; redis: Redis; prefix: string }, releaseId: string) {
  const writer = new LogWriter(deps.redis, deps.prefix, releaseStreamId(releaseId), scrubUrls);
  return {
    line: (text: string) => writer.line(text),
    async close() {
      await writer.close();
      await deps.db.release.update({ where: { id: releaseId }, data: { log: writer.all().join("\n") } });
      await endLog(deps.redis, deps.prefix, releaseStreamId(releaseId));
    },
  };
}
export type ReleaseLog = Pick<ReturnType<typeof releaseLogWriter>, "line">;

/** The kept copy, looked up by stream id; a release's log is "finished" once the job kept it. */
const releaseLogStore = (db: Db): StoredLog => {
  const kept = (streamId: string) => db.release.findUnique({ where: { id: streamId.replace(/^release-/, "") }, select: { log: true } });
  return {
    async read(streamId) {
      const release = await kept(streamId);
      return release && { finished: release.log !== null, log: release.log };
    },
    async lineCount(streamId) {
      const release = await kept(streamId);
      return release?.log ? release.log.split("\n").length : 0;
    },
  };
};

/** Follows a release job's lines live, resumable by event id, ending when the job has ended (its builds have their own logs). */
export function followReleaseLog(
  deps: { db: Db; redis: Redis; prefix: string },
  releaseId: string,
  afterId: string | null,
  signal?: AbortSignal,
): AsyncGenerator<LogEvent> {
  return followLog(deps, releaseStreamId(releaseId), releaseLogStore(deps.db), afterId, signal);
}
