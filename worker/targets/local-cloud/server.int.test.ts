import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../scripts/test/test-db";
import { accountCredentials, adminCredentials } from "../../../server/domain/local-cloud/credentials";
import { startLocalCloud, type LocalCloud } from "./server";

const KEY = Buffer.alloc(32, 7).toString("base64");
let t: TestDb;
let dir: string;
let cloud: LocalCloud;
const start = () => startLocalCloud({ db: t.db, dataDir: dir, encryptionKey: KEY, host: "127.0.0.1", port: 0 });
const client = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new DynamoDBClient({ endpoint: cloud.url, region: "us-east-1", credentials, maxAttempts: 1 });
const table = {
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }],
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }],
  BillingMode: "PAY_PER_REQUEST" as const,
};

beforeAll(async () => {
  t = await createTestDb();
  dir = await mkdtemp(path.join(os.tmpdir(), "slipway-cloud-"));
  cloud = await start();
});

afterAll(async () => {
  await cloud?.close();
  await t?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("the local cloud's proxy", () => {
  it("refuses a key it did not issue, and a forged one", async () => {
    await expect(
      client({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x" }).send(new ListTablesCommand({})),
    ).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    const real = accountCredentials(KEY, "111111111111").accessKeyId;
    const forged = `${real.slice(0, -1)}${real.endsWith("0") ? "1" : "0"}`;
    await expect(client({ accessKeyId: forged, secretAccessKey: "x" }).send(new ListTablesCommand({}))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
    // Another Slipway's key (another encryption key) is not this one's.
    const foreign = accountCredentials(Buffer.alloc(32, 9).toString("base64"), "111111111111");
    await expect(client(foreign).send(new ListTablesCommand({}))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
  });

  it("gives two accounts the same table name without either seeing the other's", async () => {
    const a = client(accountCredentials(KEY, "111111111111"));
    const b = client(accountCredentials(KEY, "222222222222"));
    await a.send(new CreateTableCommand({ TableName: "orders", ...table }));
    await b.send(new CreateTableCommand({ TableName: "orders", ...table }));
    await a.send(new PutItemCommand({ TableName: "orders", Item: { id: { S: "1" }, who: { S: "a" } } }));
    expect((await b.send(new GetItemCommand({ TableName: "orders", Key: { id: { S: "1" } } }))).Item).toBeUndefined();
    expect((await a.send(new ListTablesCommand({}))).TableNames).toEqual(["orders"]);
    const admin = await client(adminCredentials(KEY)).send(new ListTablesCommand({}));
    expect(admin.TableNames).toEqual(["111111111111.us-east-1.orders", "222222222222.us-east-1.orders"]);
  });

  it("keeps the data in the data folder across a restart", async () => {
    await cloud.close();
    cloud = await start();
    const a = client(accountCredentials(KEY, "111111111111"));
    expect((await a.send(new GetItemCommand({ TableName: "orders", Key: { id: { S: "1" } } }))).Item?.who).toEqual({ S: "a" });
  });

  it("lets one process own a data folder: a second one is refused", async () => {
    await expect(start()).rejects.toThrow(/in use by another process/);
  });
});
