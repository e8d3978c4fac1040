import { execFileSync } from "node:child_process";
import { execa } from "execa";

/**
 * One network namespace per worker/runtime process that every sandbox of the process joins: a veth
 * pair to the host with outbound NAT, so user code reaches the internet (the npm registry,
 * third-party APIs) but nothing on this host — PostgreSQL, Redis, the web app, the runtime's
 * control port — except ports the process explicitly allows on the host side of the pair (the
 * local-cloud emulators), and never the cloud metadata address or other sandboxes' subnets.
 */
export interface SandboxNetwork {
  /** Path nsenter joins. */
  netnsPath: string;
  /** The host's address as seen from inside; servers meant for user code listen here. */
  hostAddress: string;
  /** Accepts connections from user code to this TCP port on hostAddress. */
  allowHostPort(port: number): Promise<void>;
  close(): void;
}

const PREFIX = "slwsb";
const run = (cmd: string, args: string[], input?: string) => execa(cmd, args, { input, stdin: input === undefined ? "ignore" : "pipe" });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

function teardown(name: string) {
  for (const [cmd, args] of [
    ["nft", ["delete", "table", "inet", name]],
    ["ip", ["netns", "delete", name]],
  ] as const) {
    try {
      execFileSync(cmd, [...args], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
}

/** Namespaces and tables left by processes that died without cleaning up (SIGKILL). */
async function sweepStale() {
  const out = await run("ip", ["netns", "list"]).then(
    (r) => r.stdout,
    () => "",
  );
  for (const line of out.split("\n")) {
    const m = new RegExp(`^(${PREFIX}(\\d+))\\b`).exec(line.trim());
    if (m && !alive(Number(m[2]))) teardown(m[1]);
  }
}

function rules(name: string, hostIf: string, subnet: string, block: string, hostIp: string, deny: string[]) {
  const denied = ["169.254.0.0/16", block, ...deny].join(", ");
  return `table inet ${name} {
  set allowed_ports { type inet_service; }
  chain input {
    type filter hook input priority -10; policy accept;
    iifname "${hostIf}" ct state established,related accept
    iifname "${hostIf}" ip daddr ${hostIp} tcp dport @allowed_ports accept
    iifname "${hostIf}" meta l4proto tcp reject with tcp reset
    iifname "${hostIf}" reject with icmpx admin-prohibited
  }
  chain forward {
    type filter hook forward priority -10; policy accept;
    iifname "${hostIf}" meta nfproto ipv6 reject with icmpx admin-prohibited
    iifname "${hostIf}" ip daddr { ${denied} } meta l4proto tcp reject with tcp reset
    iifname "${hostIf}" ip daddr { ${denied} } reject with icmpx admin-prohibited
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    ip saddr ${subnet} oifname != "${hostIf}" masquerade
  }
}
`;
}

/** Sets the namespace up (root only); the /30 is picked from `block` (a /16) by pid, probing on clashes. */
export async function createSandboxNetwork(opts: { block: string; deny: string[] }): Promise<SandboxNetwork> {
  await sweepStale();
  const name = `${PREFIX}${process.pid}`;
  const hostIf = `${name}h`;
  const innerIf = `${name}n`;
  teardown(name);
  const [a, b] = opts.block.split(".");
  let slot = process.pid % 16384;
  let hostIp = "";
  let innerIp = "";
  await run("ip", ["netns", "add", name]);
  try {
    await run("ip", ["link", "add", hostIf, "type", "veth", "peer", "name", innerIf, "netns", name]);
    for (let tries = 0; ; tries++) {
      const base = slot * 4;
      hostIp = `${a}.${b}.${base >> 8}.${(base & 255) + 1}`;
      innerIp = `${a}.${b}.${base >> 8}.${(base & 255) + 2}`;
      const used = await run("ip", ["-o", "-4", "addr", "show", "to", `${hostIp}/30`]).then((r) => r.stdout.trim() !== "");
      if (!used) break;
      if (tries > 64) throw new Error(`no free /30 left in ${opts.block}`);
      slot = (slot + 1) % 16384;
    }
    const subnet = `${hostIp.replace(/\d+$/, (d) => String(Number(d) - 1))}/30`;
    await run("ip", ["addr", "add", `${hostIp}/30`, "dev", hostIf]);
    await run("ip", ["link", "set", hostIf, "up"]);
    await run("ip", ["-n", name, "addr", "add", `${innerIp}/30`, "dev", innerIf]);
    await run("ip", ["-n", name, "link", "set", innerIf, "up"]);
    await run("ip", ["-n", name, "link", "set", "lo", "up"]);
    await run("ip", ["-n", name, "route", "add", "default", "via", hostIp]);
    // Outbound NAT needs forwarding on; it is a host-wide switch.
    await run("sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"]);
    await run("nft", ["-f", "-"], rules(name, hostIf, subnet, opts.block, hostIp, opts.deny));
  } catch (e) {
    teardown(name);
    const err = e as { stderr?: string; message: string };
    throw new Error(`could not set up the sandbox network: ${(err.stderr || err.message).trim()}`);
  }
  const onExit = () => teardown(name);
  process.once("exit", onExit);
  return {
    netnsPath: `/run/netns/${name}`,
    hostAddress: hostIp,
    async allowHostPort(port) {
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`not a port: ${port}`);
      await run("nft", ["add", "element", "inet", name, "allowed_ports", `{ ${port} }`]);
    },
    close() {
      process.off("exit", onExit);
      teardown(name);
    },
  };
}
