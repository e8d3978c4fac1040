import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Memory and process limits per sandbox through a cgroup of its own: cgroup v2 when the unified
 * hierarchy has the controllers, else the v1 memory and pids hierarchies (this kind of host). A
 * cgroup counts the whole tree (a fork bomb, a child allocating) and tells afterwards which limit
 * stopped it. Without writable cgroups, rlimits (RLIMIT_AS, RLIMIT_NPROC) are the fallback: per
 * process / per uid only, and they cannot say afterwards that they were hit.
 */
export interface Limits {
  memoryMb: number;
  pids: number;
  nofile: number;
}

export interface LimitGroup {
  /** cgroup.procs files the wrapper writes its pid into before exec'ing the sandbox. */
  procsFiles: string[];
  /** After the sandbox exited: the limit that killed or stopped it, if one did. */
  hit(): string | null;
  remove(): void;
}

type Layout = { kind: "v2"; root: string } | { kind: "v1"; memory: string; pids: string } | { kind: "none" };

const CG = "/sys/fs/cgroup";
const PREFIX = "slwsb";
let layout: Layout | undefined;
let counter = 0;

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};
const field = (text: string, key: string) => Number(new RegExp(`^${key} (\\d+)`, "m").exec(text)?.[1] ?? 0);

export const formatMb = (mb: number) => (mb % 1024 === 0 ? `${mb / 1024} GiB` : `${mb} MiB`);

function writable(dir: string) {
  try {
    const probe = path.join(dir, `${PREFIX}-probe-${process.pid}`);
    mkdirSync(probe);
    rmdirSync(probe);
    return true;
  } catch {
    return false;
  }
}

function detect(): Layout {
  const controllers = read(path.join(CG, "cgroup.controllers"));
  if (/\bmemory\b/.test(controllers) && /\bpids\b/.test(controllers) && writable(CG)) {
    try {
      writeFileSync(path.join(CG, "cgroup.subtree_control"), "+memory +pids");
      return { kind: "v2", root: CG };
    } catch {
      // a delegated subtree we cannot enable controllers in: fall through
    }
  }
  const memory = path.join(CG, "memory");
  const pids = path.join(CG, "pids");
  if (existsSync(path.join(memory, "memory.limit_in_bytes")) && existsSync(pids) && writable(memory) && writable(pids)) {
    return { kind: "v1", memory, pids };
  }
  return { kind: "none" };
}

export function cgroupKind(): Layout["kind"] {
  layout ??= detect();
  sweep(layout);
  return layout.kind;
}

/** Groups left by processes that died (SIGKILL) are empty; remove them. */
let swept = false;
function sweep(l: Layout) {
  if (swept) return;
  swept = true;
  const roots = l.kind === "v2" ? [l.root] : l.kind === "v1" ? [l.memory, l.pids] : [];
  for (const root of roots) {
    for (const name of readdirSync(root)) {
      const m = new RegExp(`^${PREFIX}-(\\d+)-`).exec(name);
      if (!m) continue;
      try {
        process.kill(Number(m[1]), 0);
      } catch {
        try {
          rmdirSync(path.join(root, name));
        } catch {
          // still has members; left for the next sweep
        }
      }
    }
  }
}

/** A fresh cgroup with the limits, or null when the host has none to give (rlimits then apply). */
export function createLimitGroup(limits: Limits): LimitGroup | null {
  const l = layout ?? (layout = detect());
  if (l.kind === "none") return null;
  const name = `${PREFIX}-${process.pid}-${++counter}`;
  const bytes = String(limits.memoryMb * 1024 * 1024);
  if (l.kind === "v2") {
    const dir = path.join(l.root, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "memory.max"), bytes);
    writeFileSync(path.join(dir, "memory.swap.max"), "0");
    writeFileSync(path.join(dir, "pids.max"), String(limits.pids));
    return {
      procsFiles: [path.join(dir, "cgroup.procs")],
      hit: () =>
        describeHit(limits, field(read(path.join(dir, "memory.events")), "oom_kill"), field(read(path.join(dir, "pids.events")), "max")),
      remove: () => removeDirs([dir]),
    };
  }
  const mem = path.join(l.memory, name);
  const pids = path.join(l.pids, name);
  mkdirSync(mem);
  mkdirSync(pids);
  writeFileSync(path.join(mem, "memory.limit_in_bytes"), bytes);
  writeFileSync(path.join(pids, "pids.max"), String(limits.pids));
  return {
    procsFiles: [path.join(mem, "cgroup.procs"), path.join(pids, "cgroup.procs")],
    hit: () =>
      describeHit(
        limits,
        field(read(path.join(mem, "memory.oom_control")), "oom_kill"),
        field(read(path.join(pids, "pids.events")), "max"),
      ),
    remove: () => removeDirs([mem, pids]),
  };
}

function describeHit(limits: Limits, oomKills: number, pidsRefused: number): string | null {
  const hits = [
    ...(oomKills > 0 ? [`memory limit ${formatMb(limits.memoryMb)} reached`] : []),
    ...(pidsRefused > 0 ? [`process limit ${limits.pids} reached`] : []),
  ];
  return hits.length ? hits.join(", ") : null;
}

/** The kernel frees a cgroup only once its last member is reaped, which can trail the exit a little. */
function removeDirs(dirs: string[], attempt = 0) {
  const left = dirs.filter((d) => {
    try {
      rmdirSync(d);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== "ENOENT";
    }
  });
  if (left.length && attempt < 20) setTimeout(() => removeDirs(left, attempt + 1), 50).unref();
}
