import { execFileSync } from "node:child_process";

/** The tests run the `slipway` bin as users do: the bundle, rebuilt from the sources of this run (once per run). */
export function buildCli() {
  if (process.env.SLIPWAY_TEST_CLI_BUILT) return;
  execFileSync(process.execPath, ["scripts/build/build-cli.mjs"], { stdio: "pipe" });
  process.env.SLIPWAY_TEST_CLI_BUILT = "1";
}

export default function setup() {
  buildCli();
}
