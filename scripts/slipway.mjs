#!/usr/bin/env node
// The `slipway` bin. The CLI is TypeScript (cli/); tsx's loader compiles it on import, so the
// command works straight from a checkout with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import(new URL("../cli/main.ts", import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
