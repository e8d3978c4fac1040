import { existsSync, lstatSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { chmod, chown, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { Env } from "../../server/env";
import { leaseId } from "./ids";
import { cgroupKind, createLimitGroup, formatMb, type Limits } from "./limits";
import { createSandboxNetwork, type SandboxNetwork } from "./network";

/**
 * The one place that turns "run this user command" into a bubblewrap sandbox, used by every spawn
 * of user code (build steps, deploy targets, runtime children). What the sandbox holds:
 * own pid/ipc/uts/mount/user namespaces and a private /proc; an unprivileged uid of its own;
 * /usr and a few /etc files read-only; its own folders (and nothing else of the host) bound in;
 * the process's network namespace (outbound only); a cgroup for memory and processes and an
 * rlimit on open files. The worker (root) builds the chain
 *   sh (sets the rlimits, joins the cgroup) → nsenter (network) → bwrap → setpriv (drops to the uid) → command
 * Every link is a process start, which on a loaded 2-core host costs more in waiting for a CPU than
 * in work: the shell's own `ulimit` replaces a prlimit process, and what does not change between
 * spawns (the tools' paths, the system mounts) is worked out once per process.
 * bwrap runs privileged (as Debian's setuid bwrap would) so it can bind folders the uid could not
 * even traverse (a 0700 data folder); the command never holds a capability.
 */
export interface SandboxSpec {
  kind: "step" | "handler";
  /** Seeds the uid: the build for steps, the instance for handlers. */
  uidKey: string;
  /** Seeds the gid: the app for steps (its builds share the app's npm cache); the uid's key by default. */
  gidKey?: string;
  cwd: string;
  /** Bound read-write at the same path, and owned by the sandbox's uid (build folder). */
  writable?: string[];
  /** Bound read-write at the same path, group-writable for the gid (the app's npm cache). */
  shared?: string[];
  /** Bound read-only at the same path (the runtime's child script, the repository's mirror). */
  readOnly?: string[];
  /** A deployment's artifact: bound read-only, and owned by the uid so even its 0600 files are readable. */
  artifact?: string;
}

export interface SandboxedCommand {
  file: string;
  args: string[];
  /** One line for the log: who runs and under which limits. */
  summary: string;
  /** After the process exited: the limit that stopped it ("memory limit 2 GiB reached"), if any. */
  limitHit(): string | null;
  release(): void;
}

export interface Sandbox {
  enabled: boolean;
  /** Sets the network up once; servers meant for user code listen on hostAddress and allow their port. */
  network(): Promise<Pick<SandboxNetwork, "hostAddress" | "allowHostPort">>;
  wrap(spec: SandboxSpec, file: string, args: string[]): Promise<SandboxedCommand>;
}

export const SANDBOX_OFF_NOTICE =
  "⚠ SANDBOX OFF (SLIPWAY_SANDBOX=off): this code runs as the worker's own user, with its files, environment and network.";
const TOOLS = ["bwrap", "setpriv", "nsenter", "ip", "nft"];
const ETC = [
  "npmrc",
  "ssl",
  "ca-certificates",
  "resolv.conf",
  "hosts",
  "nsswitch.conf",
  "host.conf",
  "gai.conf",
  "localtime",
  "alternatives",
  "mime.types",
];
const HOME = "/home/sandbox";
// Sets the rlimits (soft and hard; "-" leaves one as it is) and joins the cgroups before anything
// else runs, so a fork bomb is counted from its first fork.
const JOIN = [
  'umask "$1"; ulimit -n "$2" || exit 125',
  '[ "$3" = - ] || ulimit -p "$3" || exit 125',
  '[ "$4" = - ] || ulimit -v "$4" || exit 125',
  'n="$5"; shift 5; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n - 1)); done; exec "$@"',
].join("; ");

/** A tool on the worker's PATH (the sbin folders too, where Debian puts ip and nft). */
function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":").filter((d) => d.startsWith("/")), "/usr/sbin", "/sbin"];
  for (const dir of dirs) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

// Looked up once per PATH: found tools stay where they are while the process runs.
const tools = new Map<string, Record<string, string> | string>();
function sandboxTools(): Record<string, string> | string {
  const key = process.env.PATH ?? "";
  let found = tools.get(key);
  if (!found) {
    const paths = Object.fromEntries(TOOLS.map((t) => [t, findTool(t)]));
    const missing = TOOLS.filter((t) => !paths[t]);
    found = missing.length
      ? `missing ${missing.join(", ")} (Debian: apt-get install bubblewrap util-linux iproute2 nftables)`
      : process.getuid?.() !== 0
        ? "the worker must run as root to give user code uids and a network of its own"
        : (paths as Record<string, string>);
    tools.set(key, found);
  }
  return found;
}

let systemMountArgs: string[] | undefined;
function systemMounts(): string[] {
  systemMountArgs ??= listSystemMounts();
  return systemMountArgs;
}

function listSystemMounts(): string[] {
  const args = ["--ro-bind", "/usr", "/usr"];
  for (const top of ["bin", "lib", "lib64", "lib32", "sbin"]) {
    const p = `/${top}`;
    if (!existsSync(p)) continue;
    if (lstatSync(p).isSymbolicLink()) args.push("--symlink", `usr/${top}`, p);
    else args.push("--ro-bind", p, p);
  }
  // bwrap makes missing parents 0700 when running as root: /etc must be readable to the uid.
  args.push("--perms", "0755", "--dir", "/etc");
  for (const e of ETC) args.push("--ro-bind-try", `/etc/${e}`, `/etc/${e}`);
  // A node outside /usr (nvm, a tarball in /opt) must be visible too.
  const nodePrefix = path.dirname(path.dirname(process.execPath));
  if (!nodePrefix.startsWith("/usr")) args.push("--ro-bind", nodePrefix, nodePrefix);
  return args;
}

/**
 * Binds at the same paths, shallowest first; their missing parents made 0755 first (bwrap would
 * make them 0700, and the uid could not walk to its own folder by path).
 */
function bindArgs(readOnly: string[], writable: string[]): string[] {
  const all = [...readOnly.map((p) => ["--ro-bind", p, p]), ...writable.map((p) => ["--bind", p, p])];
  const parents = new Set<string>();
  for (const [, p] of all) {
    for (let dir = path.dirname(p); dir !== "/" && !/^\/(usr|etc|proc|dev|tmp)$/.test(dir); dir = path.dirname(dir)) parents.add(dir);
  }
  const dirs = [...parents].sort((x, y) => x.split("/").length - y.split("/").length).flatMap((d) => ["--perms", "0755", "--dir", d]);
  return [...dirs, ...all.sort((x, y) => x[1].split("/").length - y[1].split("/").length).flat()];
}

/**
 * /etc/passwd and /etc/group naming only root and the sandbox's user: tools that look the uid up
 * (os.homedir(), the AWS SDKs' config loaders, whoami) find it, and the host's accounts stay unlisted.
 */
function accountFiles(uid: number, gid: number, home: string): string[] {
  const dir = path.join(os.tmpdir(), "slipway-sandbox-etc", `${uid}-${gid}`);
  const passwd = path.join(dir, "passwd");
  if (!existsSync(passwd)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "group"), `root:x:0:\nsandbox:x:${gid}:\n`);
    writeFileSync(passwd, `root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:${uid}:${gid}:sandbox:${home}:/usr/sbin/nologin\n`);
  }
  return ["--ro-bind", passwd, "/etc/passwd", "--ro-bind", path.join(dir, "group"), "/etc/group"];
}

async function own(dir: string, uid: number, gid: number, create = true) {
  const st = await stat(dir).catch(() => null);
  if (!st && !create) return; // a deleted artifact: the spawn says so
  if (!st) return mkdir(dir, { recursive: true }).then(() => chown(dir, uid, gid));
  if (st.uid === uid && st.gid === gid) return;
  // Files linked more than once are the dependency cache's (worker/steps/dependency-cache.ts): they stay
  // root's and read-only; handing one over would hand over the cached copy.
  await execa("find", [dir, "(", "-type", "d", "-o", "-links", "1", ")", "-exec", "chown", "-h", `${uid}:${gid}`, "{}", "+"]);
}

async function share(dir: string, gid: number) {
  await mkdir(dir, { recursive: true });
  const st = await stat(dir);
  if (st.gid === gid && (st.mode & 0o2070) === 0o2070) return;
  await execa("chown", ["-R", `0:${gid}`, "--", dir]);
  await execa("chmod", ["-R", "g+rwX", "--", dir]);
  await chmod(dir, 0o2770);
}

// The namespace is per process (it is named after the pid): the first sandbox's settings make it.
let net: Promise<SandboxNetwork> | undefined;
function processNetwork(env: Env) {
  net ??= createSandboxNetwork({
    block: env.SANDBOX_SUBNET,
    deny: env.SANDBOX_DENY_NETS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  });
  net.catch(() => (net = undefined));
  return net;
}

/** Removes this process's network namespace (tests; a process exit does it by itself). */
export function closeSandboxNetwork() {
  void net?.then(
    (n) => n.close(),
    () => {},
  );
  net = undefined;
}

export function createSandbox(env: Env): Sandbox {
  const enabled = env.SLIPWAY_SANDBOX === "on";
  const network = () => processNetwork(env);
  const limitsFor = (kind: SandboxSpec["kind"]): Limits =>
    kind === "step"
      ? { memoryMb: env.SANDBOX_STEP_MEMORY_MB, pids: env.SANDBOX_STEP_PIDS, nofile: env.SANDBOX_STEP_NOFILE }
      : { memoryMb: env.SANDBOX_HANDLER_MEMORY_MB, pids: env.SANDBOX_HANDLER_PIDS, nofile: env.SANDBOX_HANDLER_NOFILE };

  return {
    enabled,
    async network() {
      if (!enabled) return { hostAddress: "127.0.0.1", allowHostPort: async () => {} };
      return network();
    },
    async wrap(spec, file, args) {
      if (!enabled) return { file, args, summary: SANDBOX_OFF_NOTICE, limitHit: () => null, release() {} };
      const tool = sandboxTools();
      if (typeof tool === "string")
        throw new Error(`Refusing to run user code without its sandbox: ${tool}. Set SLIPWAY_SANDBOX=off to run it unsandboxed.`);
      const { netnsPath } = await network();
      const uid = leaseId(env.SANDBOX_UID_BASE, "uid", spec.uidKey);
      const gid = spec.gidKey ? leaseId(env.SANDBOX_UID_BASE, "gid", spec.gidKey) : { id: uid.id, release() {} };
      const limits = limitsFor(spec.kind);
      let group: ReturnType<typeof createLimitGroup> = null;
      try {
        for (const dir of spec.writable ?? []) await own(dir, uid.id, gid.id);
        for (const dir of spec.shared ?? []) await share(dir, gid.id);
        if (spec.artifact) await own(spec.artifact, uid.id, gid.id, false);
        group = createLimitGroup(limits);
        // No cgroup to count the tree: per-uid processes and per-process address space (KiB) instead.
        const rlimits = [String(limits.nofile), group ? "-" : String(limits.pids), group ? "-" : String(limits.memoryMb * 1024)];
        const binds = bindArgs(
          [...(spec.readOnly ?? []), ...(spec.artifact ? [spec.artifact] : [])],
          [...(spec.writable ?? []), ...(spec.shared ?? [])],
        );
        const bwrap = [
          "--unshare-pid",
          "--unshare-ipc",
          "--unshare-uts",
          "--unshare-cgroup-try",
          "--die-with-parent",
          "--new-session",
          "--hostname",
          "sandbox",
          ...systemMounts(),
          ...accountFiles(uid.id, gid.id, spec.kind === "step" ? HOME : "/tmp"),
          // Private to this sandbox (its own mount namespace), so open to its uid.
          "--proc",
          "/proc",
          "--dev",
          "/dev",
          "--perms",
          "1777",
          "--tmpfs",
          "/tmp",
          "--perms",
          "0777",
          "--dir",
          HOME,
          ...binds,
          "--chdir",
          spec.cwd,
          // A step gets a home and a temp folder of its own; a handler exactly the environment it is given.
          ...(spec.kind === "step" ? ["--setenv", "HOME", HOME, "--setenv", "TMPDIR", "/tmp"] : []),
          "--",
          tool.setpriv,
          `--reuid=${uid.id}`,
          `--regid=${gid.id}`,
          "--clear-groups",
          "--inh-caps=-all",
          "--bounding-set=-all",
          "--no-new-privs",
          "--",
          file,
          ...args,
        ];
        const procs = group?.procsFiles ?? [];
        const chain = [
          "-c",
          JOIN,
          "slipway-sandbox",
          spec.kind === "step" ? "0002" : "0022",
          ...rlimits,
          String(procs.length),
          ...procs,
          tool.nsenter,
          `--net=${netnsPath}`,
          "--",
          tool.bwrap,
          ...bwrap,
        ];
        const how = group ? `cgroup ${cgroupKind()}` : "rlimits";
        const summary = `sandbox: uid ${uid.id}, memory ${formatMb(limits.memoryMb)}, ${limits.pids} processes, ${limits.nofile} open files (${how}); no access to this host's services`;
        const g = group;
        return {
          file: "/bin/sh",
          args: chain,
          summary,
          limitHit: () => g?.hit() ?? null,
          release() {
            g?.remove();
            uid.release();
            gid.release();
          },
        };
      } catch (e) {
        group?.remove();
        uid.release();
        gid.release();
        throw e;
      }
    },
  };
}

const byConfig = new Map<string, Sandbox>();
/** The sandbox for a configuration; every one in a process shares its network namespace. */
export function getSandbox(env: Env): Sandbox {
  const key = JSON.stringify(Object.entries(env).filter(([k]) => k.startsWith("SANDBOX_") || k === "SLIPWAY_SANDBOX"));
  let box = byConfig.get(key);
  if (!box) byConfig.set(key, (box = createSandbox(env)));
  return box;
}
