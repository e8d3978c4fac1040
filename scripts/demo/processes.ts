import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/**
 * The processes a script started (the demo's web app and worker). Stopping one stops everything it
 * started in turn (`npx` → node → its children), and stop() returns only once all of them are gone, so a
 * failed start never leaves a port held. The children stay in this script's process group, so whoever
 * kills the group (Ctrl-C, Playwright's webServer teardown) still reaches them.
 */
export class ChildGroup {
  readonly children: ChildProcess[] = [];

  spawn(command: string, args: string[], options: SpawnOptions): ChildProcess {
    const child = spawn(command, args, options);
    this.children.push(child);
    return child;
  }

  /** The first child that has exited, if any. */
  exited(): ChildProcess | undefined {
    return this.children.find((c) => c.exitCode !== null || c.signalCode !== null);
  }

  /** SIGTERM to each process tree; SIGKILL to what is still running after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    await Promise.all(this.children.map((c) => (c.pid ? stopTree(c.pid, graceMs) : undefined)));
  }
}

/** `pid` and its descendants, from one `ps` listing. */
function processTree(pid: number): number[] {
  let listing = "";
  try {
    listing = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" });
  } catch {
    return [pid];
  }
  const kids = new Map<number, number[]>();
  for (const line of listing.split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p && pp !== undefined) kids.set(pp, [...(kids.get(pp) ?? []), p]);
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(kids.get(out[i]!) ?? []));
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pids: Iterable<number>, sig: NodeJS.Signals) {
  for (const p of pids) {
    try {
      process.kill(p, sig);
    } catch {
      // already gone
    }
  }
}

async function stopTree(root: number, graceMs: number): Promise<void> {
  const pids = new Set(processTree(root));
  signal(pids, "SIGTERM");
  const deadline = Date.now() + graceMs;
  // Bounded even if one lingers as a zombie nobody reaps (it holds no port).
  while (Date.now() < deadline + 5000) {
    // What the tree started meanwhile belongs to it too, as long as its root is there to say so.
    if (alive(root)) for (const p of processTree(root)) pids.add(p);
    const left = [...pids].filter(alive);
    if (left.length === 0) return;
    if (Date.now() > deadline) signal(left, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
  }
}
