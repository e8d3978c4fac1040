import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { DEV_ENCRYPTION_KEY, DEV_NEXTAUTH_SECRET, SECRETS_FILE } from "./production-config";

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "slipway-prod-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const prod = (vars: Record<string, string>) => parseEnv({ NODE_ENV: "production", ...vars });

describe("production configuration", () => {
  it("refuses the built-in development NEXTAUTH_SECRET and SLIPWAY_ENCRYPTION_KEY", () => {
    const dir = dataDir();
    expect(() => prod({ SLIPWAY_DATA_DIR: dir, NEXTAUTH_SECRET: DEV_NEXTAUTH_SECRET })).toThrow(
      /NEXTAUTH_SECRET is the built-in development secret/,
    );
    expect(() => prod({ SLIPWAY_DATA_DIR: dir, SLIPWAY_ENCRYPTION_KEY: DEV_ENCRYPTION_KEY })).toThrow(
      /SLIPWAY_ENCRYPTION_KEY is the built-in development key/,
    );
    // Development keeps working without any of it.
    expect(parseEnv({ SLIPWAY_DATA_DIR: dir }).NEXTAUTH_SECRET).toBe(DEV_NEXTAUTH_SECRET);
  });

  it("generates real secrets on first start into a 0600 file of the data folder, and uses them from then on", () => {
    const dir = dataDir();
    const first = prod({ SLIPWAY_DATA_DIR: dir });
    expect(first.NEXTAUTH_SECRET).not.toBe(DEV_NEXTAUTH_SECRET);
    expect(Buffer.from(first.SLIPWAY_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    const file = path.join(dir, SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Another process on the same data folder (the worker next to the web app) reads the same ones.
    const script = `import("./server/env.ts").then((m) => process.stdout.write(JSON.stringify(m.parseEnv({ NODE_ENV: "production", SLIPWAY_DATA_DIR: ${JSON.stringify(dir)} }))))`;
    const other = JSON.parse(execFileSync("npx", ["tsx", "-e", script], { encoding: "utf8" })) as {
      NEXTAUTH_SECRET: string;
      SLIPWAY_ENCRYPTION_KEY: string;
    };
    expect(other.NEXTAUTH_SECRET).toBe(first.NEXTAUTH_SECRET);
    expect(other.SLIPWAY_ENCRYPTION_KEY).toBe(first.SLIPWAY_ENCRYPTION_KEY);
    expect(readFileSync(file, "utf8")).toContain(first.SLIPWAY_ENCRYPTION_KEY);
    // Values set in the environment win, and the file stays as it was.
    expect(prod({ SLIPWAY_DATA_DIR: dir, NEXTAUTH_SECRET: "a-real-secret-of-some-length" }).NEXTAUTH_SECRET).toBe(
      "a-real-secret-of-some-length",
    );
  });

  it("agrees on one file when several processes start at once", () => {
    const dir = dataDir();
    const script = `import("./server/env.ts").then((m) => process.stdout.write(m.parseEnv({ NODE_ENV: "production", SLIPWAY_DATA_DIR: ${JSON.stringify(dir)} }).SLIPWAY_ENCRYPTION_KEY + "\\n"))`;
    const out = execFileSync("bash", ["-c", `for i in 1 2 3 4; do npx tsx -e '${script}' & done; wait`], { encoding: "utf8" });
    const keys = out.trim().split("\n");
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
  });

  it("refuses instance hosts on the dashboard's site unless SLIPWAY_ALLOW_SHARED_HOST=1", () => {
    const dir = dataDir();
    const base = { SLIPWAY_DATA_DIR: dir, NEXTAUTH_URL: "https://app.example.com" };
    expect(() => prod({ ...base, RUNTIME_DOMAIN: "previews.example.com" })).toThrow(
      /share a site with the dashboard \(app\.example\.com\)/,
    );
    expect(() => prod({ ...base, RUNTIME_DOMAIN: "example.com" })).toThrow(/SLIPWAY_ALLOW_SHARED_HOST=1/);
    expect(prod({ ...base, RUNTIME_DOMAIN: "example.com", SLIPWAY_ALLOW_SHARED_HOST: "1" }).RUNTIME_DOMAIN).toBe("example.com");
    expect(prod({ ...base, RUNTIME_DOMAIN: "slipway-previews.net" }).RUNTIME_DOMAIN).toBe("slipway-previews.net");
    // The default: the dashboard on localhost, instances on *.localhost — each its own site in a browser.
    expect(prod({ SLIPWAY_DATA_DIR: dir }).RUNTIME_DOMAIN).toBe("localhost");
  });
});
