#!/usr/bin/env node
// Bundles the `slipway` CLI (cli/, and the resolver it shares with the server) into plain ESM under
// dist/cli, so the bin starts with node alone: no TypeScript loader, and each command's code in its
// own chunk, loaded only when that command runs (`print` never loads the HTTP client or tar).
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outdir = path.join(root, "dist/cli");

export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  // esbuild is a devDependency: an install without them keeps the tsx fallback of scripts/slipway.mjs.
  const esbuild = await import("esbuild").catch(() => null);
  if (!esbuild) {
    if (!quiet) console.log("esbuild is not installed: the slipway CLI runs through tsx");
    return;
  }
  const { build } = esbuild;
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { slipway: path.join(root, "cli/bin.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    // Bundled CommonJS (yaml, tar's deps) may call require(); give ESM chunks one.
    banner: { js: "import { createRequire as __slwRequire } from 'node:module'; const require = __slwRequire(import.meta.url);" },
    minifySyntax: true,
    legalComments: "none",
    logLevel: quiet ? "error" : "warning",
  });
  if (!quiet) console.log(`slipway CLI bundled into dist/cli in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
