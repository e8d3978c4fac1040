import { describe, expect, it } from "vitest";
import { createCipher } from "../secrets/cipher";
import { diffConfig, readParamsSnapshot, type DeployedConfig } from "./config-diff";

const fn = (environment: Record<string, string>, http = [{ kind: "http" as const, method: "GET", path: "/submit", cors: false }]) => ({
  handler: "handler.submit",
  timeoutSeconds: 6,
  environment,
  http,
  schedules: [],
});
const deployed = (env: Record<string, string>, params: Record<string, string>, outputs: Record<string, unknown> = {}): DeployedConfig => ({
  config: { service: "restapi", functions: { submit: fn(env) } },
  params,
  outputs,
});

describe("diffConfig", () => {
  it("lists changed, added and removed values and hides unchanged plain ones", () => {
    const a = deployed({ APP_ENV: "staging", TABLE: "t-staging", SAME: "x" }, { env: "staging", old: "1" }, { name: "a" });
    const b = deployed({ APP_ENV: "prod", TABLE: "t-prod", SAME: "x", NEW: "y" }, { env: "prod" }, { name: "a", extra: 1 });
    const changes = diffConfig(a, b, new Set());
    expect(changes).toEqual(
      expect.arrayContaining([
        { section: "environment", key: "APP_ENV", change: "changed", from: "staging", to: "prod", secret: false },
        { section: "environment", key: "NEW", change: "added", from: null, to: "y", secret: false },
        { section: "parameter", key: "old", change: "removed", from: "1", to: null, secret: false },
        { section: "output", key: "extra", change: "added", from: null, to: "1", secret: false },
      ]),
    );
    expect(changes.find((c) => c.key === "SAME")).toBeUndefined();
  });

  it("never reveals a secret: by key in parameters, by value in the environment", () => {
    const a = deployed({ API_KEY: "staging-key-b81e42", OTHER: "k" }, { endpoint_api_key: "staging-key-b81e42" });
    const b = deployed({ API_KEY: "prod-key-5d0c77", OTHER: "k" }, { endpoint_api_key: "prod-key-5d0c77" });
    const changes = diffConfig(a, b, new Set(["endpoint_api_key"]));
    expect(changes).toContainEqual({ section: "parameter", key: "endpoint_api_key", change: "changed", secret: true });
    expect(changes).toContainEqual({ section: "environment", key: "API_KEY", change: "changed", secret: true });
    expect(JSON.stringify(changes)).not.toMatch(/key-b81e42|key-5d0c77/);
    const same = diffConfig(a, a, new Set(["endpoint_api_key"]));
    expect(same).toContainEqual({ section: "parameter", key: "endpoint_api_key", change: "unchanged", secret: true });
  });

  it("reports functions and routes that appear or change", () => {
    const a = deployed({}, {});
    const b: DeployedConfig = {
      ...a,
      config: {
        service: "restapi",
        functions: { submit: fn({}, [{ kind: "http", method: "POST", path: "/submit", cors: false }]), list: fn({}) },
      },
    };
    const changes = diffConfig(a, b, new Set());
    expect(changes.filter((c) => c.section === "function").map((c) => [c.key, c.change])).toEqual([
      ["list", "added"],
      ["submit", "changed"],
    ]);
  });
});

describe("readParamsSnapshot", () => {
  it("decrypts a deployment's parameters, stage level winning; unreadable snapshots give nothing", () => {
    const cipher = createCipher(Buffer.alloc(32, 7).toString("base64"));
    const snap = { cipher: cipher.encrypt(JSON.stringify({ service: { env: "prod", a: "1" }, stage: { a: "2" } })) };
    expect(readParamsSnapshot(cipher, snap)).toEqual({ env: "prod", a: "2" });
    expect(readParamsSnapshot(cipher, {})).toEqual({});
    expect(readParamsSnapshot(cipher, { cipher: "v1:bad:bad:bad" })).toEqual({});
  });
});
