import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkshopRepo } from "../../../scripts/demo/workshop-repo";
import { checkoutCommit, commitInfo, lsRemoteBranches, syncMirror } from "./git";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("the cached mirror of a repository", () => {
  it("survives several builds syncing it at the same moment, and checks out exact commits", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "slipway-git-"));
    dirs.push(root);
    const repo = await createWorkshopRepo(path.join(root, "remote"));
    const mirror = path.join(root, "mirrors", "workshop.git");
    await Promise.all(Array.from({ length: 6 }, () => syncMirror(repo.bareDir, mirror)));
    const sha = await repo.commitFile("services/tasks/handler.js", (s) => `${s}\n// touched\n`, "Touch tasks");
    await Promise.all(Array.from({ length: 3 }, () => syncMirror(repo.bareDir, mirror)));
    expect((await lsRemoteBranches(mirror)).master).toBe(sha);
    expect((await commitInfo(mirror, sha)).message).toBe("Touch tasks");
    const work = path.join(root, "work");
    await checkoutCommit(mirror, sha, work);
    expect((await repo.git("rev-parse", "HEAD")).trim()).toBe(sha);
  });

  it("refuses what is not a commit id instead of passing it to git", async () => {
    await expect(checkoutCommit("/nonexistent", "--upload-pack=touch /tmp/x", "/tmp/nowhere")).rejects.toThrow(/Not a commit id/);
  });
});
