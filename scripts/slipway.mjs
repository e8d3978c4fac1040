#!/usr/bin/env node
// The `slipway` bin: the CLI bundled by `npm run build:cli` (run by `npm ci`/`npm install` and before
// the tests), so it starts with node alone. A checkout that was never installed falls back to
// compiling the TypeScript on the fly with tsx, which is slower but works.
import { existsSync } from "node:fs";

const bundle = new URL("../dist/cli/slipway.mjs", import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(new URL("../cli/main.ts", import.meta.url).href);
  process.exitCode = await main(process.argv.slice(2));
}
