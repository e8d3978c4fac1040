import type { BuildContext } from "../build-context";
import { readPackageJson } from "./install";
import { runCommand, stepOptions } from "./run-command";

/** `npm test` when the service has a real test script; a failure blocks the deploy. */
export async function test(ctx: BuildContext) {
  const pkg = await readPackageJson(ctx.serviceDir);
  const script = pkg?.scripts?.test;
  if (!script || script.includes("no test specified")) {
    ctx.note = "No test script: tests skipped.";
    ctx.log.line(ctx.note);
    return;
  }
  await runCommand("npm", ["test"], { ...stepOptions(ctx, "test"), env: ctx.childEnv });
}
