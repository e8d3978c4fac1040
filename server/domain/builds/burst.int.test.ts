import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness, deployDatabaseToDev } from "../../../scripts/test/harness";
import { handleBranchPush } from "../triggers/handle-branch";
import { pollRepository } from "../triggers/poll-repository";

/** Ten pushes in a burst to one branch: one deploy at a time per instance, and only the newest wins. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await pollRepository(h.deps, h.appId);
  await deployDatabaseToDev(h);
  const first = await handleBranchPush(h.deps, h.appId, "master", await h.repo.head("master"));
  for (const b of await waitForBuilds(
    h,
    first.map((b) => b.id),
  ))
    expect(b.status).toBe("SUCCEEDED");
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("a burst of pushes to master", () => {
  it("serializes builds per instance, supersedes the queued ones and deploys the newest commit", async () => {
    const shas: string[] = [];
    for (let i = 1; i <= 10; i++) {
      shas.push(
        await h.repo.commitFile(
          "services/restapi/handler.js",
          (s) => s.replace(/Hello from restapi[^"]*/, `Hello from restapi burst ${i}`),
          `Burst ${i}`,
        ),
      );
    }

    // Sample the database the whole time: never two RUNNING builds of one instance.
    let samples = 0;
    let worst = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await h.db.$queryRaw<
          { n: bigint }[]
        >`SELECT count(*) AS n FROM "Build" WHERE status = 'RUNNING' GROUP BY "instanceId"`;
        worst = Math.max(worst, ...rows.map((r) => Number(r.n)), 0);
        samples++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const queued = [];
    for (const sha of shas) queued.push(...(await handleBranchPush(h.deps, h.appId, "master", sha)));
    expect(queued).toHaveLength(10); // only restapi changed, once per commit
    const done = (
      await waitForBuilds(
        h,
        queued.map((b) => b.id),
      )
    ).sort((a, b) => a.number - b.number);
    sampling = false;
    await sampler;

    expect(samples).toBeGreaterThan(20);
    expect(worst).toBe(1);
    const newest = done.at(-1)!;
    expect([newest.commitSha, newest.status]).toEqual([shas[9], "SUCCEEDED"]);
    const ran = done.filter((b) => b.startedAt);
    for (const b of done.filter((b) => !b.startedAt)) expect(b.status).toBe("SUPERSEDED");
    // At most the one already running when the burst began, and the newest.
    expect(ran.length).toBeLessThanOrEqual(2);
    expect(done.filter((b) => b.status === "SUPERSEDED").length).toBeGreaterThanOrEqual(8);
    for (let i = 1; i < ran.length; i++) expect(ran[i].startedAt!.getTime()).toBeGreaterThanOrEqual(ran[i - 1].finishedAt!.getTime());

    const res = await fetch(`${h.worker.runtimeUrl}/acme/workshop/staging/restapi/submit`);
    expect(await res.json()).toMatchObject({ message: "Hello from restapi burst 10", env: "staging" });
  });
});
