import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const bin = path.resolve(__dirname, "../scripts/slipway.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "slipway-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real bin as a child process, like a user in a service folder would. */
async function slipway(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("slipway print", () => {
  it("prints the resolved configuration as JSON", async () => {
    writeFileSync(
      path.join(dir, "serverless.yml"),
      `app: shop
service: api
provider:
  name: aws
  stage: \${opt:stage, 'dev'}
custom:
  home: \${env:CLI_TEST_VAR}
  param: \${param:fromCli}
  stageParam: \${param:fromFile}
  output: \${output:database.table}
`,
    );
    writeFileSync(path.join(dir, "params.json"), JSON.stringify({ stage: { fromFile: "stage-level" } }));
    writeFileSync(path.join(dir, "outputs.json"), JSON.stringify({ "shop:prod:us-east-1:database": { table: "orders" } }));
    const result = await slipway(
      ["print", "--stage", "prod", "--param", "fromCli=a=b", "--params-file", "params.json", "--outputs-file", "outputs.json"],
      { CLI_TEST_VAR: "from-env" },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      app: "shop",
      service: "api",
      provider: { name: "aws", stage: "prod" },
      custom: { home: "from-env", param: "a=b", stageParam: "stage-level", output: "orders" },
    });
  });

  it("exits non-zero with one line per failing property on stderr", async () => {
    writeFileSync(path.join(dir, "broken.yml"), "custom:\n  a: ${env:NOT_SET_ANYWHERE}\n  b: ${self:custom.nothing}\n  c: ok\n");
    const result = await slipway(["print", "--config", "broken.yml"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      'Cannot resolve variable at "custom.a": Value not found at "env" source',
      'Cannot resolve variable at "custom.b": Value not found at "self" source',
    ]);
  });

  it("rejects malformed options and unknown commands with usage errors", async () => {
    expect((await slipway(["print", "--param", "k="])).stderr).toContain('Encountered invalid "--param" CLI option value: "k="');
    expect((await slipway(["deploy-everything"])).code).toBe(2);
  });
});
