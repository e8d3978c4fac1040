import { spawn, type ChildProcess } from "node:child_process";
import { createMasker } from "../../server/logs/mask";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import treeKill from "tree-kill";
import { verifyArtifact } from "../sandbox/artifact-digest";
import type { Sandbox, SandboxedCommand } from "../sandbox/sandbox";
import type { LogSink } from "./invocation-logs";

const CHILD_SCRIPT = fileURLToPath(new URL("./child.cjs", import.meta.url));
/** Like Lambda's init phase limit: a module that takes longer to load is treated as broken. */
const INIT_TIMEOUT_MS = 10_000;

export type InvocationErrorKind = "handler" | "timeout" | "crash" | "load" | "no-function";

/** Why an invocation produced no result; the HTTP server maps `kind` to 502/504. */
export class InvocationError extends Error {
  constructor(
    readonly kind: InvocationErrorKind,
    message: string,
    readonly errorType = "Error",
  ) {
    super(message);
    this.name = "InvocationError";
  }
}

export interface ChildSpec {
  deploymentId: string;
  instanceId: string;
  fn: string;
  handler: string;
  artifactPath: string;
  artifactDigest?: string | null;
  env: Record<string, string>;
  secrets?: string[];
  /** Folders outside the artifact the child must read (the provided AWS SDK), bound read-only. */
  readOnly?: string[];
  /** The sandbox the child runs in: its own uid per instance, the artifact read-only. */
  sandbox: Sandbox;
}

type Reply =
  | { type: "ready" }
  | { type: "load-error"; error: { message: string } }
  | { type: "result"; id: string; result: unknown }
  | { type: "error"; id: string; error: { message: string; name?: string } };
type Pending = { resolve(v: unknown): void; reject(e: Error): void };

/** One warm child process for one function of one deployment; invocations are multiplexed by id. */
export class WarmChild {
  readonly ready: Promise<void>;
  lastUsed = Date.now();
  exited = false;
  /** Set as soon as a kill is decided: tree-kill is asynchronous, and no new invocation may land on a doomed child. */
  killed = false;
  private proc: ChildProcess | null = null;
  private pending = new Map<string, Pending>();

  constructor(
    readonly spec: ChildSpec,
    logs: LogSink,
    onExit: (child: WarmChild) => void,
  ) {
    this.ready = this.start(logs, onExit);
    this.ready.catch(() => undefined); // observed by callers; never an unhandled rejection here
  }

  private async start(logs: LogSink, onExit: (child: WarmChild) => void): Promise<void> {
    const { spec } = this;
    const cwd = path.resolve(spec.artifactPath);
    let sandboxed: SandboxedCommand;
    try {
      if (spec.artifactDigest)
        await verifyArtifact(spec.deploymentId, cwd, spec.artifactDigest).catch((e: Error) => {
          logs.append(spec.instanceId, spec.fn, "runtime", `Refused to start: ${e.message}`);
          throw e;
        });
      // Bare node (no execArgv): nothing of this process's loaders (tsx, vitest) reaches user code.
      sandboxed = await spec.sandbox.wrap(
        { kind: "handler", uidKey: `instance:${spec.instanceId}`, cwd, artifact: cwd, readOnly: [CHILD_SCRIPT, ...(spec.readOnly ?? [])] },
        process.execPath,
        [CHILD_SCRIPT, spec.handler],
      );
    } catch (e) {
      this.exited = true;
      onExit(this);
      throw new InvocationError("load", `Function '${spec.fn}' could not start: ${(e as Error).message}`);
    }
    const proc: ChildProcess = spawn(sandboxed.file, sandboxed.args, {
      cwd,
      env: spec.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    this.proc = proc;
    if (this.killed) this.killNow();
    const mask = createMasker(spec.secrets ?? []);
    for (const stream of ["stdout", "stderr"] as const) {
      const input = proc[stream];
      if (input) createInterface({ input }).on("line", (line) => logs.append(spec.instanceId, spec.fn, stream, mask(line)));
    }
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new InvocationError("load", `Handler '${spec.handler}' did not load within ${INIT_TIMEOUT_MS / 1000} s`));
        this.kill();
      }, INIT_TIMEOUT_MS);
      proc.on("message", (msg: Reply) => {
        if (msg.type === "ready") resolve();
        else if (msg.type === "load-error") reject(new InvocationError("load", msg.error.message));
        else this.settle(msg);
        if (msg.type === "ready" || msg.type === "load-error") clearTimeout(timer);
      });
      const finish = (what: string) => {
        if (this.exited) return;
        clearTimeout(timer);
        this.exited = true;
        const hit = sandboxed.limitHit();
        sandboxed.release();
        const why = hit ? `${what}; ${hit}` : what;
        if (hit) logs.append(spec.instanceId, spec.fn, "runtime", why);
        reject(new InvocationError("load", `${why} before its handler '${spec.handler}' was ready`));
        for (const p of this.pending.values()) p.reject(new InvocationError("crash", why, "Runtime.ExitError"));
        this.pending.clear();
        onExit(this);
      };
      proc.on("exit", (code, signal) => finish(`Function '${spec.fn}' exited (${signal ?? `code ${code}`})`));
      // Without a listener a failed spawn (say, a deleted artifact folder) would crash the runtime.
      proc.on("error", (e) => proc.pid === undefined && finish(`Function '${spec.fn}' could not start: ${e.message}`));
    });
  }

  /** Runs one invocation; on timeout the child is killed, since a runaway handler cannot be interrupted. */
  invoke(event: unknown, context: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    this.lastUsed = Date.now();
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new InvocationError("timeout", `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, "Sandbox.Timedout"));
        this.kill();
      }, timeoutMs);
      const done = (fn: (v: never) => void) => (v: unknown) => {
        clearTimeout(timer);
        this.pending.delete(id);
        fn(v as never);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject) });
      if (!this.usable || !this.proc) return done(reject)(new InvocationError("crash", `Function '${this.spec.fn}' is not running`));
      this.proc.send(
        { type: "invoke", id, event, context },
        (e) => e && this.pending.get(id)?.reject(new InvocationError("crash", e.message)),
      );
    });
  }

  get usable(): boolean {
    return !this.exited && !this.killed;
  }

  kill(): void {
    if (this.killed || this.exited) return;
    this.killed = true;
    this.killNow();
  }

  /** The sandbox's pid namespace ends with its first process, taking every process the handler started. */
  private killNow() {
    if (this.proc?.pid !== undefined) treeKill(this.proc.pid, "SIGKILL");
  }

  private settle(msg: Extract<Reply, { id: string }>) {
    const p = this.pending.get(msg.id);
    if (!p) return; // already timed out
    if (msg.type === "result") p.resolve(msg.result);
    else p.reject(new InvocationError("handler", msg.error.message, msg.error.name ?? "Error"));
  }
}
