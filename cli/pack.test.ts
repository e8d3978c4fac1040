import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listWorkingCopy, packWorkingCopy, PackError } from "./pack";

let root: string;
const put = async (rel: string, content = "x") => {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), content);
};

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "slipway-pack-"));
  await mkdir(path.join(root, ".git"));
  await put(".git/HEAD", "ref: refs/heads/master");
  await put(".gitignore", "*.log\n/build/\n.env\n");
  await put("services/api/.gitignore", "secrets.json\n!keep.log\n");
  await put("services/api/serverless.yml", "service: api\n");
  await put("services/api/handler.js");
  await put("services/api/secrets.json");
  await put("services/api/debug.log");
  await put("services/api/keep.log");
  await put("services/api/node_modules/dep/index.js");
  await put("services/api/.serverless/template.json");
  await put("services/other/secrets.json");
  await put("build/out.js");
  await put(".env", "TOKEN=1");
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("packing a working copy", () => {
  it("follows every .gitignore below its folder and never takes .git, node_modules or .serverless", async () => {
    expect(await listWorkingCopy(root)).toEqual([
      ".gitignore",
      "services/api/.gitignore",
      "services/api/handler.js",
      "services/api/keep.log",
      "services/api/serverless.yml",
      "services/other/secrets.json",
    ]);
  });

  it("packs from the repository root, so the service sits at its usual folder", async () => {
    const packed = await packWorkingCopy(path.join(root, "services/api"), "services/api");
    expect(packed.repoRoot).toBe(root);
    const entries: string[] = [];
    const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-unpack-"));
    await writeFile(path.join(dir, "a.tgz"), packed.archive);
    await tar.t({ file: path.join(dir, "a.tgz"), onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toContain("services/api/serverless.yml");
    expect(entries).not.toContain(".env");
    await rm(dir, { recursive: true, force: true });
  });

  it("stops with a clear error past the size limit", async () => {
    await expect(packWorkingCopy(path.join(root, "services/api"), "services/api", 10)).rejects.toThrow(PackError);
    await expect(packWorkingCopy(path.join(root, "services/api"), "services/api", 10)).rejects.toThrow(
      /more than 0 MB compressed .*add large files to \.gitignore/,
    );
  });
});
