import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followBuildLog, type LogEvent } from "../../server/logs/follow-log";
import { privateRedis, sleep, spawnWorker, type ChildWorker, type RedisServer } from "./fault-kit";
import { runningStep, startFaultApp, type FaultApp } from "./fault-app";

/**
 * Redis dies (SIGKILL, no persistence: every queue and log stream is gone) while builds run and
 * wait, and while followers read a live log. PostgreSQL is the truth: queued builds Redis forgot
 * are enqueued again, running ones finish, and every follower gets each line of the stored log
 * exactly once, in order — live while the stream is whole, from PostgreSQL for what Redis lost.
 */
let redisServer: RedisServer;
let app: FaultApp;
let worker: ChildWorker;
const LINES = 80;

beforeAll(async () => {
  redisServer = await privateRedis();
  app = await startFaultApp({
    redisUrl: redisServer.url,
    installMs: 200,
    // The tests print a line every 50 ms for 4 s: a live log to follow across the outage.
    testScript: `node -e "let i=0;const t=setInterval(()=>{console.log('test line '+(++i));if(i>=${LINES})clearInterval(t)},50)"`,
  });
  worker = spawnWorker(app.workerEnv({ BUILD_STALE_MS: "2000", WORKER_CONCURRENCY: "2" }));
  await worker.ready;
}, 90_000);

afterAll(async () => {
  worker?.proc.kill("SIGKILL");
  await app?.close();
  await redisServer?.crash();
});

async function collect(gen: AsyncGenerator<LogEvent>, events: LogEvent[], stopAfter?: () => boolean) {
  for await (const e of gen) {
    events.push(e);
    if (stopAfter?.()) return;
  }
}

describe("Redis restarted in the middle of builds and of a live log", () => {
  it("loses no build and no log line: followers get the stored log exactly once, in order, resuming from their last id", async () => {
    const sha = await app.commitVersion("r1");
    // Two builds run (concurrency 2), two wait in Redis only.
    const builds = [];
    for (const stage of ["r-a", "r-b", "r-c", "r-d"]) builds.push(await app.queue1(stage, sha));
    const watched = builds[0].id;

    // Follower A reads straight through the outage; follower B disconnects at the crash and
    // resumes from its last tracked id once Redis is back (what the browser's EventSource does).
    const aEvents: LogEvent[] = [];
    const a = collect(followBuildLog({ db: app.db, redis: app.redis, prefix: app.prefix }, watched, null), aEvents);
    const bFirst: LogEvent[] = [];
    const abortB = new AbortController();
    const b1 = collect(followBuildLog({ db: app.db, redis: app.redis, prefix: app.prefix }, watched, null, abortB.signal), bFirst);

    // Crash while the watched build prints its test output.
    for (let i = 0; (await runningStep(app.db, watched)) !== "test"; i++) {
      if (i > 600) throw new Error(`never reached test:\n${worker.output().slice(-2000)}`);
      await sleep(50);
    }
    await sleep(1_200);
    const linesBeforeCrash = aEvents.flatMap((e) => e.lines).length;
    await redisServer.crash();
    abortB.abort();
    await sleep(1_500);
    await redisServer.start();
    await b1;
    const bLast = bFirst.at(-1)?.id ?? null;
    const bSecond: LogEvent[] = [];
    await collect(followBuildLog({ db: app.db, redis: app.redis, prefix: app.prefix }, watched, bLast), bSecond);
    await a;

    // Nothing is lost: all four builds end, and succeed.
    const until = Date.now() + 60_000;
    let rows = await app.db.build.findMany({ where: { id: { in: builds.map((x) => x.id) } } });
    while (rows.some((r) => ["QUEUED", "RUNNING"].includes(r.status)) && Date.now() < until) {
      await sleep(250);
      rows = await app.db.build.findMany({ where: { id: { in: builds.map((x) => x.id) } } });
    }
    expect(rows.map((r) => [r.status, r.error])).toEqual(builds.map(() => ["SUCCEEDED", null]));

    const stored = (await app.db.build.findUniqueOrThrow({ where: { id: watched } })).log!.split("\n");
    expect(stored.filter((l) => l.startsWith("test line"))).toHaveLength(LINES);
    expect(linesBeforeCrash).toBeGreaterThan(0);
    // Exactly once, in order, for both the follower that stayed and the one that came back.
    expect(aEvents.flatMap((e) => e.lines)).toEqual(stored);
    expect(aEvents.at(-1)!.done).toBe(true);
    expect([...bFirst, ...bSecond].flatMap((e) => e.lines)).toEqual(stored);
    expect(bFirst.length).toBeGreaterThan(0);
    expect(bSecond.at(-1)!.done).toBe(true);
  }, 120_000);
});
