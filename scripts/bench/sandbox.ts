import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { parseEnv } from "../../server/env";
import { closeSandboxNetwork, getSandbox, type SandboxSpec } from "../../worker/sandbox/sandbox";

type Row = { name: string; value: string };
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * What the sandbox costs, side by side with the same command unsandboxed: a build step's command
 * (`node -e 0`, so the sandbox is most of it) and a cold handler start (spawn → bare node ready).
 * Aim: ≤ 50 ms per step, ≤ 30 ms per cold start. The network namespace is set up once per process
 * (reported apart).
 */
export async function benchSandbox(): Promise<Row[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-sandbox-"));
  const on = getSandbox(parseEnv({ SLIPWAY_SANDBOX: "on" }));
  const off = getSandbox(parseEnv({ SLIPWAY_SANDBOX: "off" }));
  const t0 = performance.now();
  await on.network();
  const netMs = performance.now() - t0;
  await writeFile(path.join(dir, "ready.cjs"), "process.send ? process.send('ready') : 0;");
  const step: SandboxSpec = {
    kind: "step",
    uidKey: "build:bench",
    gidKey: "app:bench",
    cwd: dir,
    writable: [dir],
    shared: [path.join(dir, ".cache")],
  };
  const handler: SandboxSpec = { kind: "handler", uidKey: "instance:bench", cwd: dir, artifact: dir };
  async function once(box: typeof on, spec: SandboxSpec, args: string[], ipc: boolean) {
    const start = performance.now();
    const w = await box.wrap(spec, process.execPath, args);
    const child = execa(w.file, w.args, { cwd: dir, env: { PATH: "/usr/bin:/bin" }, extendEnv: false, ...(ipc && { ipc: true }) });
    if (ipc) await new Promise((r) => child.once("message", r));
    await child;
    w.release();
    return performance.now() - start;
  }
  // Sandboxed and unsandboxed runs alternate, so a load that comes and goes on the host weighs on both alike.
  async function pair(spec: SandboxSpec, args: string[], ipc: boolean) {
    const offs: number[] = [];
    const ons: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      offs.push(await once(off, spec, args, ipc));
      ons.push(await once(on, spec, args, ipc));
    }
    return [median(offs), median(ons)];
  }
  const rows: Row[] = [];
  const [stepOff, stepOn] = await pair(step, ["-e", "0"], false);
  const [coldOff, coldOn] = await pair(handler, [path.join(dir, "ready.cjs")], true);
  rows.push(
    { name: "step command, unsandboxed (median)", value: `${stepOff.toFixed(1)} ms` },
    { name: "step command, sandboxed (median)", value: `${stepOn.toFixed(1)} ms` },
    { name: "sandbox cost per step (aim ≤ 50 ms)", value: `${(stepOn - stepOff).toFixed(1)} ms` },
    { name: "cold handler start, unsandboxed", value: `${coldOff.toFixed(1)} ms` },
    { name: "cold handler start, sandboxed", value: `${coldOn.toFixed(1)} ms` },
    { name: "sandbox cost per cold start (aim ≤ 30 ms)", value: `${(coldOn - coldOff).toFixed(1)} ms` },
    {
      name: "host load while measured (uptime)",
      value: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" "),
    },
    { name: "network namespace set-up (once per process)", value: `${netMs.toFixed(0)} ms` },
  );
  closeSandboxNetwork();
  await rm(dir, { recursive: true, force: true });
  return rows;
}
