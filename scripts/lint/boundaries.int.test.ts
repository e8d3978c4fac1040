import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The import boundaries of ARCHITECTURE.md are enforced by `npm run lint` (eslint.config.mjs): a
 * deliberate violation in each direction fails, what the rules allow passes. Probe files are written
 * next to real code (the rules are per folder) and removed afterwards.
 */
const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });
const probes: string[] = [];
afterAll(() => {
  for (const dir of probes) rmSync(dir, { recursive: true, force: true });
});

/** Lints files written at `dir` (relative to the repo) and returns "file: rule" for each error. */
async function lint(dir: string, files: Record<string, string>): Promise<string[]> {
  const abs = path.join(root, dir);
  mkdirSync(abs, { recursive: true });
  probes.push(abs);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(abs, name), text);
  const results = await eslint.lintFiles(Object.keys(files).map((f) => path.join(abs, f)));
  return results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.basename(r.filePath)}: ${m.ruleId}`));
}

const id = `lint-probe-${process.pid}`;

describe("import boundaries", () => {
  it("fail a domain file that imports worker/, a router or a framework", async () => {
    const errors = await lint(`server/domain/${id}`, {
      "uses-worker.ts": 'import { runBuild } from "../../../worker/run-build";\nexport const x = runBuild;\n',
      "uses-router.ts": 'import { appRouter } from "@/server/trpc/root";\nexport const y = appRouter;\n',
      "uses-trpc.ts": 'import { TRPCError } from "@trpc/server";\nexport const z = TRPCError;\n',
      "uses-next.ts": 'import { headers } from "next/headers";\nexport const w = headers;\n',
      "plain.ts": 'import { DomainError } from "../errors";\nimport { getDb } from "../../db";\nexport const ok = [DomainError, getDb];\n',
    });
    expect(errors.sort()).toEqual([
      "uses-next.ts: @typescript-eslint/no-restricted-imports",
      "uses-router.ts: import-x/no-restricted-paths",
      "uses-trpc.ts: @typescript-eslint/no-restricted-imports",
      "uses-worker.ts: import-x/no-restricted-paths",
    ]);
  });

  it("fail a components file that imports server/db; a type import or a browser-safe module passes", async () => {
    const errors = await lint(`components/${id}`, {
      "uses-db.tsx": 'import { getDb } from "@/server/db";\nexport const x = getDb;\n',
      "uses-db-relative.tsx": 'import { getDb } from "../../server/db";\nexport const x = getDb;\n',
      "types-only.tsx": 'import type { AppRouter } from "@/server/trpc/root";\nexport type R = AppRouter;\n',
      "shared.tsx": 'import { can } from "@/server/domain/auth/permissions";\nexport const c = can;\n',
    });
    expect(errors.sort()).toEqual([
      "uses-db-relative.tsx: @typescript-eslint/no-restricted-imports",
      "uses-db.tsx: @typescript-eslint/no-restricted-imports",
    ]);
  });

  it("fail a worker file that imports tRPC, auth or the UI", async () => {
    const errors = await lint(`worker/${id}`, {
      "uses-trpc.ts": 'import { appRouter } from "../../server/trpc/root";\nexport const x = appRouter;\n',
      "uses-auth.ts": 'import { authOptions } from "../../server/auth/options";\nexport const y = authOptions;\n',
      "uses-ui.ts": 'import { Button } from "../../components/ui/button";\nexport const z = Button;\n',
      "plain.ts":
        'import { getDb } from "../../server/db";\nimport { BUILD_QUEUE } from "../../server/queue";\nexport const ok = [getDb, BUILD_QUEUE];\n',
    });
    expect(errors.sort()).toEqual([
      "uses-auth.ts: import-x/no-restricted-paths",
      "uses-trpc.ts: import-x/no-restricted-paths",
      "uses-ui.ts: import-x/no-restricted-paths",
    ]);
  });

  it("fail a dependency cycle", async () => {
    const errors = await lint(`server/${id}`, {
      "a.ts": 'import { b } from "./b";\nexport const a = () => b();\n',
      "b.ts": 'import { a } from "./a";\nexport const b = () => a();\n',
    });
    expect(errors.sort()).toEqual(["a.ts: import-x/no-cycle", "b.ts: import-x/no-cycle"]);
  });

  it("fail a router, an HTTP handler or a route that builds a shared client instead of taking the composition root's", async () => {
    const router = await lint(`server/api/${id}`, {
      "own-cipher.ts":
        'import { createCipher } from "../../domain/secrets/cipher";\nexport const c = (key: string) => createCipher(key);\n',
      "own-redis.ts": 'import { Redis } from "ioredis";\nexport const r = () => new Redis("redis://127.0.0.1:6379");\n',
      "uses-context.ts":
        'import type { Context } from "../../trpc/init";\nexport const seal = (ctx: Context, v: string) => ctx.cipher.encrypt(v);\n',
    });
    expect(router.sort()).toEqual(["own-cipher.ts: no-restricted-syntax", "own-redis.ts: no-restricted-syntax"]);
    const http = await lint(`server/http/${id}`, {
      "own-prisma.ts": 'import { PrismaClient } from "@prisma/client";\nexport const db = () => new PrismaClient();\n',
      "own-queue.ts": 'import { Queue } from "bullmq";\nexport const q = () => new Queue("builds");\n',
    });
    expect(http.sort()).toEqual(["own-prisma.ts: no-restricted-syntax", "own-queue.ts: no-restricted-syntax"]);
    const route = await lint(`app/api/${id}`, {
      "route.ts": 'import { getDb } from "@/server/db";\nexport const GET = async () => Response.json(await getDb().user.count());\n',
      "root.ts":
        'import { appDeps } from "@/server/composition";\nexport const GET = async () => Response.json(await appDeps().db.user.count());\n',
    });
    expect(route).toEqual(["route.ts: no-restricted-syntax"]);
  });
});
