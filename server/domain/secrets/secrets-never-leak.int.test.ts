import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { appRouter } from "../../trpc/root";
import { callPath, createFixtures, type Fixtures } from "../../trpc/testing/settings-fixtures";
import { createCipher } from "./cipher";
import { reencryptSecrets } from "./reencrypt-secrets";
import { paramsForStage } from "../parameters/params-for-stage";

/**
 * Stores secrets through the API, then looks for their plaintext everywhere it must never be: every
 * row of every table (the audit log included), every query response, and error messages.
 */
const tag = randomBytes(4).toString("hex");
const SECRETS = {
  profile: `pt-profile-${tag}-a9`,
  replaced: `pt-replaced-${tag}-b8`,
  app: `pt-app-${tag}-c7`,
  stage: `pt-stage-${tag}-d6`,
  awsKey: `${tag}${"Q".repeat(40 - tag.length - 2)}zz`,
  inError: `pt-error-${tag}-e5`,
};

let f: Fixtures;
let appId: string;
beforeAll(async () => {
  f = await createFixtures();
  appId = (await f.db.app.findFirstOrThrow({ where: { orgId: f.orgId } })).id;
  const admin = f.caller(f.users.ADMIN);
  const p = await admin.parameters.upsert({
    owner: { kind: "profile", profileId: f.ids.devProfileId },
    key: "db_password",
    value: SECRETS.replaced,
    secret: true,
    description: "",
  });
  await admin.parameters.upsert({
    owner: { kind: "profile", profileId: f.ids.devProfileId },
    id: p.id,
    key: "db_password",
    value: SECRETS.profile,
    secret: true,
    description: "rotated",
  });
  await admin.parameters.upsert({
    owner: { kind: "app", appSlug: "workshop" },
    key: "app_token",
    value: SECRETS.app,
    secret: true,
    description: "",
  });
  await admin.parameters.upsert({
    owner: { kind: "app-stage", appSlug: "workshop", stage: "alice" },
    key: "endpoint_api_key",
    value: SECRETS.stage,
    secret: true,
    description: "",
  });
  await admin.profiles.setAccess({
    id: f.ids.victimProfileId,
    access: { mode: "keys", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRETS.awsKey },
  });
  // Changing a secret's description without resending it keeps the stored value.
  await admin.parameters.upsert({
    owner: { kind: "profile", profileId: f.ids.devProfileId },
    id: p.id,
    key: "db_password",
    value: null,
    secret: true,
    description: "kept",
  });
});
afterAll(async () => {
  await f?.close();
});

async function dumpEveryTable(): Promise<string> {
  const client = new pg.Client({ connectionString: f.testDb.url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    let out = "";
    for (const { table_name } of tables.rows) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
      out += `${table_name}\n${rows.rows.map((r) => r.j).join("\n")}\n`;
    }
    return out;
  } finally {
    await client.end();
  }
}

function expectNoPlaintext(text: string, where: string) {
  for (const [name, value] of Object.entries(SECRETS)) expect(text.includes(value), `${name} secret found in ${where}`).toBe(false);
}

describe("secrets never leak", () => {
  it("are stored encrypted and decrypt for builds", async () => {
    const cipher = createCipher(f.env.SLIPWAY_ENCRYPTION_KEY);
    const params = await paramsForStage(f.db, cipher, appId, "alice");
    expect(params.service.db_password).toBe(SECRETS.profile);
    expect(params.service.app_token).toBe(SECRETS.app);
    expect(params.stage.endpoint_api_key).toBe(SECRETS.stage);
    const profile = await f.db.deploymentProfile.findUniqueOrThrow({ where: { id: f.ids.victimProfileId } });
    expect(cipher.decrypt(profile.awsSecretKeyCipher!)).toBe(SECRETS.awsKey);
  });

  it("appear in no row of any table, the audit log included", async () => {
    const dump = await dumpEveryTable();
    expect(dump).toContain("AuditEvent");
    expect(dump).toContain("parameter.update");
    expect(dump).toMatch(/"valueCipher":"v1:/);
    expectNoPlaintext(dump, "the database");
  });

  it("appear in no response of any query procedure", async () => {
    const admin = f.caller(f.users.ADMIN);
    const extra: Array<[string, unknown]> = [
      ["parameters.list", { owner: { kind: "app", appSlug: "workshop" } }],
      ["parameters.list", { owner: { kind: "app-stage", appSlug: "workshop", stage: "alice" } }],
      ["profiles.get", { id: f.ids.victimProfileId }],
      ["stages.resolve", { appSlug: "workshop", stage: "dev" }],
    ];
    const queries = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).filter(
      ([, p]) => p._def.type === "query",
    );
    let checked = 0;
    for (const [path, input] of [...queries.map(([path]) => [path, f.inputs[path]?.()] as [string, unknown]), ...extra]) {
      const out = await callPath(admin, path, input).catch((e: Error) => ({ error: e.message }));
      const text = JSON.stringify(out);
      expectNoPlaintext(text, path);
      if (!text.includes('"error"')) checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(12);
    const view = await admin.stages.resolve({ appSlug: "workshop", stage: "alice" });
    expect(view.parameters.find((p) => p.key === "endpoint_api_key")).toMatchObject({
      secret: true,
      value: null,
      source: "app-stage",
      overrides: ["profile"],
    });
    const profile = await admin.profiles.get({ id: f.ids.victimProfileId });
    expect(profile.access).toMatchObject({ mode: "keys", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretKeySet: true });
  });

  it("appear in no error message", async () => {
    const admin = f.caller(f.users.ADMIN);
    const err = await admin.parameters
      .upsert({ owner: { kind: "app", appSlug: "workshop" }, key: "bad key!", value: SECRETS.inError, secret: true, description: "" })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(JSON.stringify({ message: (err as Error).message, cause: String((err as Error).cause) })).not.toContain(SECRETS.inError);
    expectNoPlaintext(await dumpEveryTable(), "the database after a refused save");
  });

  it("are re-encrypted under a new key by the rotation, which can run twice", async () => {
    const oldCipher = createCipher(f.env.SLIPWAY_ENCRYPTION_KEY);
    const newCipher = createCipher(randomBytes(32).toString("base64"));
    const counts = await reencryptSecrets(f.db, oldCipher, newCipher);
    expect(counts.parameters).toBeGreaterThanOrEqual(6);
    expect(counts.profiles).toBe(1);
    await reencryptSecrets(f.db, oldCipher, newCipher);
    const params = await paramsForStage(f.db, newCipher, appId, "alice");
    expect(params.service.db_password).toBe(SECRETS.profile);
    expect(params.stage.endpoint_api_key).toBe(SECRETS.stage);
    await expect(paramsForStage(f.db, oldCipher, appId, "alice")).rejects.toThrow(/could not be decrypted/);
    expectNoPlaintext(await dumpEveryTable(), "the database after rotation");
  });
});
