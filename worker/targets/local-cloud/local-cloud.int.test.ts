import path from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../../scripts/test/harness";
import { queueBuild } from "../../../server/domain/builds/queue-build";
import { pollRepository } from "../../../server/domain/triggers/poll-repository";
import { accountCredentials, localAccountId } from "../../../server/domain/local-cloud/credentials";
import { createCaller } from "../../../server/trpc/root";
import { localCloudUrlKey } from "./server";
import { createFullstackApp } from "./testing/fullstack-repo";

let h: Harness;
let app: Awaited<ReturnType<typeof createFullstackApp>>;
let cloudUrl: string;
const service = (name: string) => app.app.services.find((s) => s.name === name)!;
const link = (stage: string, svc: string, p: string) => `${h.worker.runtimeUrl}/acme/fullstack/${stage}/${svc}/${p}`;

async function deploy(name: string, stage: string, kind: "DEPLOY" | "REMOVE" = "DEPLOY") {
  const b = await queueBuild(h.db, h.queue, { serviceId: service(name).id, stage, kind, trigger: "manual", commitSha: await app.head() });
  const [done] = await waitForBuilds(h, [b.id]);
  return done;
}

/** What a developer with the stage's credentials sees in the local cloud (as `aws dynamodb scan` would). */
async function scanAs(profileName: string, table: string) {
  const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { orgId: h.orgId, name: profileName } });
  const credentials = accountCredentials(h.env.SLIPWAY_ENCRYPTION_KEY, localAccountId({ profileId: profile.id, orgId: h.orgId }));
  const client = new DynamoDBClient({ endpoint: cloudUrl, region: "us-east-1", credentials });
  try {
    return (await client.send(new ScanCommand({ TableName: table }))).Items ?? [];
  } finally {
    client.destroy();
  }
}

const as = async (email: string) => {
  const user = await h.db.user.findUniqueOrThrow({ where: { email } });
  return createCaller({ ...h.deps, userId: user.id });
};

const submit = (stage: string, form: object) =>
  fetch(link(stage, "fullstack-restapi", "submit"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(form),
  });

beforeAll(async () => {
  h = await startHarness();
  app = await createFullstackApp(h.db, h.orgId, path.join(h.env.SLIPWAY_DATA_DIR, "fullstack"));
  cloudUrl = (await h.redis.get(localCloudUrlKey(h.env.REDIS_PREFIX)))!;
  await pollRepository(h.deps, app.app.id); // records the branches
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the guide's workshop on the local cloud", () => {
  it("provisions fullstack-database's table and bucket at dev and publishes their local names", async () => {
    const built = await deploy("fullstack-database", "dev");
    expect({ status: built.status, error: built.error }).toEqual({ status: "SUCCEEDED", error: null });
    expect(built.log).toContain("Table submissions-dev: created (keys id HASH; 1 GSI).");
    expect(built.log).toContain("Bucket fullstack-uploads-dev: created.");
    expect(built.log).toContain("Resource NewSubmissionTopic (AWS::SNS::Topic): not provisioned locally.");
    expect(built.log).toContain('TTL on "expiresAt" is noted');
    const outputs = await h.db.output.findFirstOrThrow({ where: { instanceId: built.instanceId } });
    const dev = await h.db.deploymentProfile.findFirstOrThrow({ where: { orgId: h.orgId, name: "profile-dev" } });
    expect(outputs.values).toMatchObject({
      database_submissions_name: "submissions-dev",
      database_submissions_arn: `arn:aws:dynamodb:us-east-1:${localAccountId({ profileId: dev.id, orgId: h.orgId })}:table/submissions-dev`,
      uploads_bucket: "fullstack-uploads-dev",
    });
    expect(await deploy("fullstack-database", "staging")).toMatchObject({ status: "SUCCEEDED" });
  });

  it("stores a feature branch preview's form submission (aws-sdk v2 DocumentClient) in submissions-dev", async () => {
    await app.git("checkout", "--quiet", "-b", "feature-form");
    await app.git("commit", "--quiet", "--allow-empty", "-m", "Work on the form");
    await app.git("push", "--quiet", "origin", "feature-form");
    await pollRepository(h.deps, app.app.id);
    const previews = await h.db.build.findMany({ where: { branch: "feature-form" } });
    expect(previews).toHaveLength(1);
    const [preview] = await waitForBuilds(
      h,
      previews.map((b) => b.id),
    );
    expect({ status: preview.status, error: preview.error }).toEqual({ status: "SUCCEEDED", error: null });
    expect(preview.instance.stage).toBe("feature-form");

    const res = await submit("feature-form", { name: "Ada", email: "ada@example.com" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ table: "submissions-dev", stored: { email: "ada@example.com" } });
    const items = await scanAs("profile-dev", "submissions-dev");
    expect(items.map((i) => i.email.S)).toEqual(["ada@example.com"]);
  });

  it("shows a reviewer the dev stage's table with its first items, read-only, and nobody outside the org", async () => {
    const reviewer = await as("reviewer@example.com");
    const listed = await reviewer.localResources.list({ appSlug: "fullstack", stage: "dev" });
    expect(listed.map((r) => [r.service, r.logicalId, r.name, r.retain])).toEqual([
      ["fullstack-database", "SubmissionsTable", "submissions-dev", true],
      ["fullstack-database", "UploadsBucket", "fullstack-uploads-dev", false],
    ]);
    const table = await reviewer.localResources.peek({ resourceId: listed[0].id });
    expect(table).toMatchObject({ kind: "table", name: "submissions-dev", columns: ["email", "id", "name"] });
    expect(table.rows.map((r) => r.email)).toEqual(["ada@example.com"]);
    expect(await reviewer.localResources.peek({ resourceId: listed[1].id })).toMatchObject({ kind: "bucket", objects: [] });

    const po = await as("po@example.com");
    await expect(po.localResources.peek({ resourceId: listed[0].id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await h.db.org.create({ data: { slug: "elsewhere", name: "Elsewhere" } });
    const outsider = await h.db.user.create({ data: { email: "x@elsewhere.test", name: "X", passwordHash: "x" } });
    await h.db.membership.create({ data: { orgId: other.id, userId: outsider.id, role: "ADMIN" } });
    const caller = createCaller({ ...h.deps, userId: outsider.id });
    await expect(caller.localResources.peek({ resourceId: listed[0].id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.localResources.list({ appSlug: "fullstack", stage: "dev" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps staging to its own account: it writes to submissions-staging and never sees dev's items (aws-sdk v3)", async () => {
    expect(await deploy("fullstack-restapi", "staging")).toMatchObject({ status: "SUCCEEDED" });
    expect((await submit("staging", { name: "Sam", email: "sam@example.com" })).status).toBe(200);
    expect((await scanAs("profile-staging", "submissions-staging")).map((i) => i.email.S)).toEqual(["sam@example.com"]);
    const listed = await (await fetch(link("staging", "fullstack-restapi", "submissions"))).json();
    expect(listed).toEqual({ emails: ["sam@example.com"] });
    // Naming dev's table from staging finds nothing: it is not in staging's account.
    const peek = await fetch(link("staging", "fullstack-restapi", "peek/submissions-dev"));
    expect(await peek.json()).toEqual({ error: "ResourceNotFoundException" });
    expect((await (await fetch(link("feature-form", "fullstack-restapi", "peek/submissions-dev"))).json()).count).toBe(1);
    // Nor can staging's keys read dev's table from outside.
    await expect(scanAs("profile-staging", "submissions-dev")).rejects.toThrow(/not found/i);
  });

  it("gives each stage its own bucket, readable only with its account's keys", async () => {
    const res = await fetch(link("staging", "fullstack-restapi", "attach"), { method: "POST", body: "hello bucket" });
    expect(await res.json()).toEqual({ bucket: "fullstack-uploads-staging", read: "hello bucket" });
    const profile = await h.db.deploymentProfile.findFirstOrThrow({ where: { orgId: h.orgId, name: "profile-dev" } });
    const devKeys = accountCredentials(h.env.SLIPWAY_ENCRYPTION_KEY, localAccountId({ profileId: profile.id, orgId: h.orgId }));
    const s3 = new S3Client({ endpoint: cloudUrl, region: "us-east-1", credentials: devKeys, forcePathStyle: true });
    await expect(s3.send(new GetObjectCommand({ Bucket: "fullstack-uploads-staging", Key: "note.txt" }))).rejects.toThrow(/Access Denied/);
    s3.destroy();
  });

  it("warns that a declared nodejs8.10 runs on this Node, and deploys the scheduled task", async () => {
    const built = await deploy("fullstack-tasks", "dev");
    expect(built.status).toBe("SUCCEEDED");
    expect(built.log).toContain(`Warning: runtime nodejs8.10 is not available locally; functions run on Node ${process.versions.node}.`);
    expect(built.log).toContain("submitTask: schedule rate(5 minutes)");
  });

  it("fails a table definition DynamoDB rejects with its name and reason, leaving nothing half-provisioned", async () => {
    const failed = await deploy("fullstack-broken", "dev");
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(
      /BadTable \(AWS::DynamoDB::Table broken-bad-dev\) was rejected by the local DynamoDB: .*AttributeDefinitions/,
    );
    expect(failed.log).toContain("Undid what this deploy had created: broken-good-dev.");
    await expect(scanAs("profile-dev", "broken-good-dev")).rejects.toThrow(/not found/i);
    expect(await h.db.localResource.count({ where: { instanceId: failed.instanceId } })).toBe(0);
  });

  it("removing the preview leaves the table; removing the database keeps the retained table and its items", async () => {
    await app.git("checkout", "--quiet", "master");
    await app.git("push", "--quiet", "origin", "--delete", "feature-form");
    await pollRepository(h.deps, app.app.id);
    const removals = await h.db.build.findMany({ where: { branch: "feature-form", kind: "REMOVE" } });
    const [removed] = await waitForBuilds(
      h,
      removals.map((b) => b.id),
    );
    expect(removed.status).toBe("SUCCEEDED");
    expect((await scanAs("profile-dev", "submissions-dev")).length).toBe(1);

    const gone = await deploy("fullstack-database", "dev", "REMOVE");
    expect(gone.status).toBe("SUCCEEDED");
    expect(gone.log).toContain("Table submissions-dev: kept (DeletionPolicy: Retain), with its data.");
    expect(gone.log).toContain("Bucket fullstack-uploads-dev: deleted.");
    expect((await scanAs("profile-dev", "submissions-dev")).map((i) => i.email.S)).toEqual(["ada@example.com"]);
  });
});
