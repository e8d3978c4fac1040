import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";

const CACHE = path.resolve(import.meta.dirname, "../../.data/test-cache/serverless3");

/**
 * A real serverless@3 installed once from the npm registry and reused across runs. No registry
 * means no Framework: the test that needs it fails (it never skips).
 */
export async function serverless3NodeModules(): Promise<string> {
  const bin = path.join(CACHE, "node_modules", ".bin", "serverless");
  if (!existsSync(bin)) {
    await mkdir(CACHE, { recursive: true });
    if (!existsSync(path.join(CACHE, "package.json")))
      await writeFile(path.join(CACHE, "package.json"), '{"name":"sls3-cache","private":true}\n');
    await execa("npm", ["install", "--no-audit", "--no-fund", "serverless@3"], { cwd: CACHE, timeout: 600_000 });
  }
  return path.join(CACHE, "node_modules");
}
