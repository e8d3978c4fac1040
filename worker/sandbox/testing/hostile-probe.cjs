"use strict";
// What a hostile repository tries from its install script, test, deploy script and handler. Each
// attempt reports whether it reached its target; the test runs it inside the sandbox (every
// attempt must fail) and outside (every attempt must succeed, so the test can fail).
// __TARGETS__ is replaced by the test with what there is to attack on this host.
const fs = require("node:fs");
const net = require("node:net");
const path = require("node:path");
const cp = require("node:child_process");

const T = __TARGETS__;

const otherPids = () => fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
const attempt = (fn) => {
  try {
    return fn();
  } catch (e) {
    return { reached: false, detail: e.code || e.message };
  }
};

function environ() {
  for (const pid of [...T.pids.map(String), ...otherPids()]) {
    let text;
    try {
      text = fs.readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue;
    }
    if (text.includes(T.canary)) return { reached: true, detail: `the canary in /proc/${pid}/environ` };
  }
  return { reached: false, detail: "the canary is in no /proc/*/environ" };
}

// The worker's and the secret holder's memory, and that of every visible process of another uid (ancestors, siblings).
function mem() {
  const me = process.getuid();
  const others = otherPids().filter((p) => attempt(() => fs.statSync(`/proc/${p}`).uid !== me) === true);
  for (const pid of new Set([...T.pids.map(String), ...others])) {
    try {
      const line = fs
        .readFileSync(`/proc/${pid}/maps`, "utf8")
        .split("\n")
        .find((l) => /^[0-9a-f]+-[0-9a-f]+ r/.test(l));
      if (!line) continue;
      const fd = fs.openSync(`/proc/${pid}/mem`, "r");
      const n = fs.readSync(fd, Buffer.alloc(16), 0, 16, parseInt(line.split("-")[0], 16));
      fs.closeSync(fd);
      if (n > 0) return { reached: true, detail: `read /proc/${pid}/mem` };
    } catch {
      // next
    }
  }
  return { reached: false, detail: "no other process's memory is readable" };
}

const read = (file) => () => ({ reached: fs.readFileSync(file, "utf8").length > 0, detail: `read ${file}` });
const write = (file) => () => {
  fs.writeFileSync(file, "pwned\n");
  return { reached: true, detail: `wrote ${file}` };
};

function connect(name, hosts, port) {
  return Promise.all(
    hosts.map(
      (host) =>
        new Promise((resolve) => {
          const s = net.connect({ host, port });
          const done = (reached, detail) => {
            s.destroy();
            resolve({ reached, detail: `${host}:${port} ${detail}` });
          };
          s.setTimeout(1500, () => done(false, "timed out"));
          s.on("connect", () => done(true, "connected"));
          s.on("error", (e) => done(false, e.code));
        }),
    ),
  ).then((rs) => rs.find((r) => r.reached) ?? { reached: false, detail: rs.map((r) => r.detail).join("; ") });
}

// Double fork: the shell exits at once, leaving a session leader no parent waits for.
function survivor(phase) {
  cp.spawnSync("/bin/sh", ["-c", "setsid sleep 600 </dev/null >/dev/null 2>&1 &"], {
    env: { PATH: "/usr/bin:/bin", SLWSB_SURVIVOR: `${T.marker}-${phase}` },
  });
  return { reached: true, detail: "started; the test looks for it after the step" };
}

// Bounded (the unsandboxed run must not take the machine down): 200 processes at once.
function forkBomb() {
  const kids = [];
  let refused = 0;
  for (let i = 0; i < 200; i++) {
    try {
      const k = cp.spawn("/bin/sleep", ["30"], { stdio: "ignore" });
      k.on("error", () => {});
      if (k.pid === undefined) refused++;
      else kids.push(k);
    } catch {
      refused++;
    }
  }
  for (const k of kids) k.kill("SIGKILL");
  return { reached: refused === 0, detail: `${kids.length} started, ${refused} refused` };
}

function memory() {
  const r = cp.spawnSync(process.execPath, [
    "-e",
    "const a = []; for (let i = 0; i < 32; i++) a.push(Buffer.alloc(16 << 20, 1)); console.log('512 MiB held')",
  ]);
  return { reached: r.status === 0, detail: r.status === 0 ? "512 MiB allocated" : `allocation killed (${r.signal ?? r.status})` };
}

async function probe(phase) {
  const hosts = ["127.0.0.1", ...T.hostAddresses];
  const results = {
    environ: attempt(environ),
    mem: attempt(mem),
    dataRead: attempt(read(T.dataSecret)),
    dataWrite: attempt(write(path.join(T.dataDir, `pwned-${phase}`))),
    deploymentWrite: attempt(write(path.join(T.deploymentDir, `pwned-${phase}`))),
    mirrorHook: attempt(write(path.join(T.mirrorDir, "hooks", `pwned-${phase}`))),
    homeRead: attempt(read(T.homeSecret)),
    homeWrite: attempt(write(path.join(T.homeDir, `.slwsb-pwned-${phase}`))),
    postgres: await connect("postgres", hosts, 5432),
    redis: await connect("redis", hosts, 6379),
    webApp: await connect("web app", hosts, T.webPort),
    runtimeControl: await connect("runtime", hosts, T.runtimePort),
    anyInterface: await connect("service on 0.0.0.0", hosts, T.anyInterfacePort),
    metadata: await connect("metadata", ["169.254.169.254"], T.metadataPort),
    survivor: attempt(() => survivor(phase)),
    memory: attempt(memory),
    forkBomb: attempt(forkBomb),
  };
  return results;
}

module.exports = { probe };

if (require.main === module) {
  const phase = process.argv[2] || "main";
  probe(phase).then((r) => {
    console.log(`SLWSB-PROBE ${phase} ${JSON.stringify(r)}`);
    if (process.argv[3] === "then-exhaust-memory") {
      const hold = [];
      for (;;) hold.push(Buffer.alloc(16 << 20, 1));
    }
  });
}
