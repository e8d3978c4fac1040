import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDatabaseToDev, startHarness, type Harness } from "../../../scripts/test/harness";
import { createCipher } from "../secrets/cipher";
import { buildStatus } from "./build-status";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => {
  await h?.close();
});

describe("the CLI's build status", () => {
  it("masks secret parameter values of the stage in the outputs, as the build page does", async () => {
    const built = await deployDatabaseToDev(h);
    const cipher = createCipher(h.env.SLIPWAY_ENCRYPTION_KEY);
    const urls = { dashboard: "http://slipway.test", runtime: { publicUrl: "http://localhost:4000", domain: "localhost" } };
    const before = await buildStatus(h.db, h.orgId, built.id, urls, cipher);
    expect(before.outputs).toMatchObject({ database_submissions_name: "workshop-submissions-dev" });

    // The published value turns out to be a secret of the stage (say, it was made one afterwards).
    await h.db.parameter.create({
      data: {
        orgId: h.orgId,
        scope: "APP_STAGE",
        appId: h.appId,
        stage: "dev",
        key: "table_secret",
        secret: true,
        valueCipher: cipher.encrypt("submissions-dev"),
      },
    });
    const after = await buildStatus(h.db, h.orgId, built.id, urls, cipher);
    expect(after.outputs).toMatchObject({ database_submissions_name: "workshop-***" });
    expect(JSON.stringify(after)).not.toContain("submissions-dev");
  }, 180_000);
});
