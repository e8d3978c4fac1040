import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDotenv } from "./load-dotenv";

const root = mkdtempSync(path.join(os.tmpdir(), "slipway-dotenv-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("loadDotenv (dotenv + dotenv-expand)", () => {
  it("expands from the environment first, then the file's earlier keys; the environment is never overridden", () => {
    const dir = path.join(root, "svc");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, ".env"),
      [
        "HOST=db.internal",
        "URL=postgres://${HOST}:${PORT:-5432}/app",
        "KEPT=from-file",
        "PRICE=\\$5",
        "LITERAL='${HOST} stays'",
        'MULTI="a\\nb"',
        "# COMMENT=x",
        "export EXPORTED=yes # trailing",
      ].join("\n"),
    );
    const out = loadDotenv(dir, "dev", { KEPT: "from-env", PORT: "6543", EMPTY: "" });
    expect(out).toEqual({
      KEPT: "from-env",
      PORT: "6543",
      EMPTY: "",
      HOST: "db.internal",
      URL: "postgres://db.internal:6543/app",
      PRICE: "$5",
      LITERAL: "${HOST} stays",
      MULTI: "a\nb",
      EXPORTED: "yes",
    });
  });

  it("prefers .env.<stage>, and reads no file that links outside the checkout", () => {
    const checkout = path.join(root, "checkout");
    const dir = path.join(checkout, "services", "api");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, ".env"), "WHICH=plain\n");
    writeFileSync(path.join(dir, ".env.prod"), "WHICH=prod\n");
    expect(loadDotenv(dir, "prod", {}, checkout)).toEqual({ WHICH: "prod" });
    expect(loadDotenv(dir, "../prod", {}, checkout)).toEqual({ WHICH: "plain" }); // a stage is one plain segment
    writeFileSync(path.join(root, "outside.env"), "LEAK=outside-marker\n");
    symlinkSync(path.join(root, "outside.env"), path.join(dir, ".env.qa"));
    expect(loadDotenv(dir, "qa", { A: "1" }, checkout)).toEqual({ A: "1" });
  });
});
