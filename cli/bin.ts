import { main } from "./main";

// The bundled bin's entry (scripts/build/build-cli.mjs → dist/cli/slipway.mjs).
process.exitCode = await main(process.argv.slice(2));
