import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDatabaseToDev, startHarness, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { pollRepository } from "../../../server/domain/triggers/poll-repository";
import { accountCredentials, localAccountId } from "../../../server/domain/local-cloud/credentials";
import { localCloudUrlKey } from "./server";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await pollRepository(h.deps, h.appId);
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the demo workshop (npm run demo's app)", () => {
  it("stores a form posted to a feature-branch preview in dev's submissions table", async () => {
    await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi", "Hello from restapi, form preview"),
      "Form copy",
      "feature/form",
    );
    await pollRepository(h.deps, h.appId);
    const builds = await h.db.build.findMany({ where: { branch: "feature/form" } });
    const [preview] = await waitForBuilds(
      h,
      builds.map((b) => b.id),
    );
    expect({ status: preview.status, error: preview.error }).toEqual({ status: "SUCCEEDED", error: null });

    const link = `${h.worker.runtimeUrl}/acme/workshop/feature-form/restapi/submit`;
    const page = await fetch(link, { headers: { accept: "text/html" } });
    expect(await page.text()).toContain('<form method="post" action="submit">');
    const posted = await fetch(link, {
      method: "POST",
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "Rey", email: "rey@example.com" }),
    });
    expect(posted.status).toBe(200);
    const page2 = await posted.text();
    expect(page2).toMatch(/Stored submission <code>[^<]+<\/code> in table <code>workshop-submissions-dev<\/code>/);
    const id = /Stored submission <code>([^<]+)<\/code>/.exec(page2)![1];
    // Read back through the same preview with DocumentClient().get(...).
    expect(await (await fetch(`${link}?id=${encodeURIComponent(id)}`)).json()).toMatchObject({
      item: { id, email: "rey@example.com" },
      table: "workshop-submissions-dev",
    });

    const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { orgId: h.orgId, name: "profile-dev" } });
    const client = new DynamoDBClient({
      endpoint: (await h.redis.get(localCloudUrlKey(h.env.REDIS_PREFIX)))!,
      region: "us-east-1",
      credentials: accountCredentials(h.env.SLIPWAY_ENCRYPTION_KEY, localAccountId({ profileId: profile.id, orgId: h.orgId })),
    });
    const { Items } = await client.send(new ScanCommand({ TableName: "workshop-submissions-dev" }));
    client.destroy();
    expect(Items?.map((i) => [i.name.S, i.email.S])).toEqual([["Rey", "rey@example.com"]]);
  });
});
