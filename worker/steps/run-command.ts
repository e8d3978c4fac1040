import { execa } from "execa";
import treeKill from "tree-kill";
import type { LogWriter } from "../../server/logs/log-writer";

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  log: LogWriter;
  signal: AbortSignal;
  timeoutMs: number;
  /** Also hands the raw output to the caller (e.g. to parse `serverless info`); it is logged masked as usual. */
  onOutput?: (chunk: string) => void;
}

/**
 * Runs user-controlled commands (npm ci, npm test, deploy scripts) as a child process in the
 * build's folder with only the environment it is given, streaming output to the build log. A
 * cancel or a timeout kills the whole process tree, not just npm.
 */
export async function runCommand(file: string, args: string[], opts: RunOptions): Promise<void> {
  opts.log.line(`$ ${[file, ...args].join(" ")}`);
  const child = execa(file, args, {
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
    if (res.exitCode !== 0) {
      throw new Error(`\`${[file, ...args].join(" ")}\` exited with code ${res.exitCode ?? res.signal}`);
    }
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener("abort", onAbort);
  }
}
