import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCipher } from "../domain/secrets/cipher";
import { createFixtures, type Fixtures } from "./testing/settings-fixtures";

/**
 * Routers seal secrets with the context's one cipher (server/composition.ts), never one they build
 * from SLIPWAY_ENCRYPTION_KEY per request: the context's cipher here holds another key than the
 * configuration, so a router that made its own would store what the context cannot open.
 */
let f: Fixtures;
const contextCipher = createCipher(randomBytes(32).toString("base64"));

beforeAll(async () => {
  f = await createFixtures({ cipher: contextCipher });
}, 120_000);
afterAll(async () => {
  await f?.close();
});

describe("the cipher of a request", () => {
  it("is the composition root's: a secret parameter and a webhook secret open with it, not with a cipher of the configured key", async () => {
    const configured = createCipher(f.env.SLIPWAY_ENCRYPTION_KEY);
    const admin = f.caller(f.users.ADMIN);
    const param = await admin.parameters.upsert({
      owner: { kind: "app", appSlug: "workshop" },
      key: "ctx_cipher_probe",
      value: "probe-value-41",
      secret: true,
      description: "",
    });
    const stored = await f.db.parameter.findUniqueOrThrow({ where: { id: param.id } });
    expect(contextCipher.decrypt(stored.valueCipher!)).toBe("probe-value-41");
    expect(() => configured.decrypt(stored.valueCipher!)).toThrow();

    const rotated = await admin.webhooks.rotateSecret({ appSlug: "workshop" });
    const app = await f.db.app.findFirstOrThrow({ where: { slug: "workshop", orgId: f.orgId }, include: { repository: true } });
    expect(contextCipher.decrypt(app.repository.webhookSecretCipher!)).toBe(rotated.secret);
    expect(() => configured.decrypt(app.repository.webhookSecretCipher!)).toThrow();
  });
});
