import { execa } from "execa";
import treeKill from "tree-kill";
import type { LogWriter } from "../../server/logs/log-writer";
import type { BuildContext } from "../build-context";
import { stepSandbox } from "../sandbox/build-sandbox";
import type { Sandbox, SandboxSpec } from "../sandbox/sandbox";

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  log: LogWriter;
  signal: AbortSignal;
  timeoutMs: number;
  /** Where the command runs: every user command runs in a sandbox (worker/sandbox/build-sandbox.ts). */
  sandbox: { box: Sandbox; spec: SandboxSpec };
  /** The step's name in a limit error ("test killed: memory limit 2 GiB reached"). */
  step: string;
  /** Also hands the raw output to the caller (e.g. to parse `serverless info`); it is logged masked as usual. */
  onOutput?: (chunk: string) => void;
}

/** How a build step runs a command: in the service folder, in the build's sandbox, under the step timeout. */
export function stepOptions(ctx: BuildContext, step: string): Omit<RunOptions, "env"> {
  return {
    cwd: ctx.serviceDir,
    log: ctx.log,
    signal: ctx.signal,
    timeoutMs: ctx.deps.env.STEP_TIMEOUT_S * 1000,
    sandbox: stepSandbox(ctx),
    step,
  };
}

/**
 * Runs user-controlled commands (npm ci, npm test, deploy scripts) in their sandbox in the build's
 * folder with only the environment it is given, streaming output to the build log. A cancel or a
 * timeout kills the whole sandbox (its pid namespace ends with it), not just npm.
 */
export async function runCommand(file: string, args: string[], opts: RunOptions): Promise<void> {
  const sandboxed = await opts.sandbox.box.wrap({ ...opts.sandbox.spec, cwd: opts.cwd }, file, args);
  // Unsandboxed, the step's header already said so (worker/run-build.ts).
  if (opts.sandbox.box.enabled) opts.log.line(sandboxed.summary);
  opts.log.line(`$ ${[file, ...args].join(" ")}`);
  try {
    const child = execa(sandboxed.file, sandboxed.args, {
      cwd: opts.cwd,
      env: opts.env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      all: true,
      buffer: false,
    });
    let reason: string | null = null;
    const kill = (why: string) => {
      reason ??= why;
      if (child.pid) treeKill(child.pid, "SIGKILL");
    };
    const onAbort = () => kill("cancelled");
    opts.signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => kill(`timed out after ${Math.round(opts.timeoutMs / 1000)} s`), opts.timeoutMs);
    child.all?.setEncoding("utf8");
    child.all?.on("data", (chunk: string) => {
      opts.log.write(chunk);
      opts.onOutput?.(chunk);
    });
    try {
      const res = await child;
      if (reason) throw new Error(`${file} ${args[0] ?? ""} ${reason}`.trim());
      const hit = sandboxed.limitHit();
      if (res.exitCode !== 0) {
        if (hit) throw new Error(`${opts.step} killed: ${hit}`);
        throw new Error(`\`${[file, ...args].join(" ")}\` exited with code ${res.exitCode ?? res.signal}`);
      }
      if (hit) opts.log.line(`⚠ ${opts.step}: ${hit} (the command still succeeded)`);
    } finally {
      clearTimeout(timer);
      opts.signal.removeEventListener("abort", onAbort);
    }
  } finally {
    sandboxed.release();
  }
}
