import { execFileSync, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitForBuilds, type Harness } from "../../scripts/test/harness";
import { startApiServer } from "../../scripts/test/api-v1-server";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { mirrorDir } from "../../server/domain/git/mirror-dir";
import { readInvocationLogs } from "../runtime/invocation-logs";
import { getSandbox } from "./sandbox";

// Small limits so the attacks hit them quickly. Steps read them from the harness's env, the
// embedded runtime's handler children from the process's (getEnv), so both are set.
const LIMITS = { SANDBOX_STEP_MEMORY_MB: "256", SANDBOX_STEP_PIDS: "64", SANDBOX_HANDLER_MEMORY_MB: "256", SANDBOX_HANDLER_PIDS: "64" };
const CANARY = `slwsb-canary-${process.pid}-7f9e2c`;
const MARKER = `slwsb-${process.pid}`;
const DUMMY = `slwsbm${process.pid}`.slice(0, 14); // + "p" for the peer: 15 characters at most
const saved = { ...process.env };
Object.assign(process.env, LIMITS);

type Result = { reached: boolean; detail: string };
type Results = Record<string, Result>;

let h: Harness;
let api: Awaited<ReturnType<typeof startApiServer>>;
const servers: net.Server[] = [];
let probeSource = "";
let homeSecret = "";
let holder: ReturnType<typeof spawn>;

const listen = (host: string, port = 0) =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer((c) => c.end()).on("error", reject);
    s.listen(port, host, () => resolve((s.address() as net.AddressInfo).port));
    servers.push(s);
  });

const probesIn = (log: string): Record<string, Results> =>
  Object.fromEntries([...log.matchAll(/^SLWSB-PROBE (\S+) (\{.*\})$/gm)].map((m) => [m[1], JSON.parse(m[2]) as Results]));

/** Processes on this host (any namespace) started by the probe's `setsid` in `phase`. */
function survivors(phase: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((p) => {
      try {
        return readFileSync(`/proc/${p}/environ`, "latin1").split("\0").includes(`SLWSB_SURVIVOR=${MARKER}-${phase}`) ? [Number(p)] : [];
      } catch {
        return [];
      }
    });
}

const reachedOnes = (r: Results) =>
  Object.entries(r)
    .filter(([k, v]) => k !== "survivor" && v.reached)
    .map(([k, v]) => `${k}: ${v.detail}`);

beforeAll(async () => {
  h = await startHarness(LIMITS);
  api = await startApiServer(); // the web app's routes, as `next start` serves them
  const sandboxNet = await getSandbox(h.env).network();
  // Cloud metadata on this host (there is none here): the address on a link of its own (a veth
  // pair: this kernel has no dummy links), a server on :80.
  execFileSync("ip", ["link", "add", DUMMY, "type", "veth", "peer", "name", `${DUMMY}p`]);
  execFileSync("ip", ["addr", "add", "169.254.169.254/32", "dev", DUMMY]);
  execFileSync("ip", ["link", "set", DUMMY, "up"]);
  execFileSync("ip", ["link", "set", `${DUMMY}p`, "up"]);
  const metadataPort = await listen("169.254.169.254", 80);
  const anyInterfacePort = await listen("0.0.0.0");
  // A process holding secrets in its environment (as the worker, the web app, other builds do
  // with DATABASE_URL, SLIPWAY_ENCRYPTION_KEY, decrypted parameters); /proc shows only exec-time env.
  holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
    env: { ...({} as NodeJS.ProcessEnv), SLWSB_CANARY: CANARY },
    stdio: "ignore",
  });
  const dataSecret = path.join(h.env.SLIPWAY_DATA_DIR, "slwsb-secret.txt");
  await writeFile(dataSecret, CANARY);
  homeSecret = path.join(os.homedir(), `.slwsb-secret-${process.pid}`);
  await writeFile(homeSecret, CANARY);
  await mkdir(path.join(h.env.SLIPWAY_DATA_DIR, "deployments"), { recursive: true });
  const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId } });
  const targets = {
    canary: CANARY,
    marker: MARKER,
    pids: [process.pid, holder.pid],
    dataDir: h.env.SLIPWAY_DATA_DIR,
    dataSecret,
    deploymentDir: path.join(h.env.SLIPWAY_DATA_DIR, "deployments"),
    mirrorDir: mirrorDir(h.env.SLIPWAY_DATA_DIR, app.repositoryId),
    homeDir: os.homedir(),
    homeSecret,
    hostAddresses: Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && i.family === "IPv4" && !i.internal)
      .map((i) => i!.address),
    webPort: Number(new URL(api.url).port),
    runtimePort: Number(new URL(h.worker.runtimeUrl!).port),
    anyInterfacePort,
    metadataPort,
  };
  expect(targets.hostAddresses).toContain(sandboxNet.hostAddress);
  probeSource = (await readFile(path.join(import.meta.dirname, "testing/hostile-probe.cjs"), "utf8")).replace(
    "const T = __TARGETS__;",
    `const T = ${JSON.stringify(targets)};`,
  );

  // restapi (local target): install script, test and handler attack; tasks (script target): its deploy script.
  await h.repo.commitFile("services/restapi/probe.js", probeSource, "Probe");
  await h.repo.commitFile(
    "services/restapi/package.json",
    JSON.stringify({ name: "hostile", private: true, scripts: { install: "node probe.js install", test: "node probe.js test" } }),
    "Hostile scripts",
  );
  await h.repo.commitFile(
    "services/restapi/handler.js",
    [
      'const { probe } = require("./probe.js");',
      // Exits after answering: its sandbox ends with it, and the test then looks for its survivor.
      'exports.probe = async () => { const r = await probe("handler"); setTimeout(() => process.exit(0), 300); return { statusCode: 200, body: JSON.stringify(r) }; };',
    ].join("\n"),
    "Hostile handler",
  );
  await h.repo.commitFile(
    "services/restapi/serverless.yml",
    [
      "service: restapi",
      'frameworkVersion: "3"',
      "provider:",
      "  name: aws",
      "  runtime: nodejs20.x",
      "functions:",
      "  probe:",
      "    handler: handler.probe",
      "    timeout: 30",
      "    events:",
      "      - http:",
      "          path: probe",
      "          method: get",
      "",
    ].join("\n"),
    "Probe endpoint",
  );
  await h.repo.commitFile("services/tasks/probe.js", probeSource, "Probe");
  await h.repo.commitFile(
    "services/tasks/package.json",
    JSON.stringify({ name: "hostile-tasks", private: true, scripts: { "slipway:deploy": "node probe.js deploy then-exhaust-memory" } }),
    "Hostile deploy script",
  );
  await h.db.service.update({ where: { appId_name: { appId: h.appId, name: "tasks" } }, data: { target: "SCRIPT" } });
}, 180_000);

afterAll(async () => {
  for (const phase of ["install", "test", "deploy", "handler", "outside"]) for (const pid of survivors(phase)) process.kill(pid, "SIGKILL");
  holder?.kill("SIGKILL");
  for (const s of servers) s.close();
  try {
    execFileSync("ip", ["link", "del", DUMMY]);
  } catch {
    // not created
  }
  await rm(homeSecret, { force: true });
  await rm(path.join(os.homedir(), ".slwsb-pwned-outside"), { force: true });
  await api?.close();
  await h?.close();
  process.env = saved;
});

describe("a hostile repository", () => {
  let logs: { restapi: string; tasks: string };
  let statuses: { restapi: string; tasks: string; tasksError: string | null };

  beforeAll(async () => {
    const head = await h.repo.head("master");
    const [restapi, tasks] = await Promise.all(
      ["restapi", "tasks"].map(async (name) => {
        const service = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name } });
        return queueBuild(h.db, h.queue, { serviceId: service.id, stage: "dev", trigger: "manual", commitSha: head });
      }),
    );
    const built = await waitForBuilds(h, [restapi.id, tasks.id], 300_000);
    const a = built.find((x) => x.id === restapi.id);
    const b = built.find((x) => x.id === tasks.id);
    logs = { restapi: a!.log ?? "", tasks: b!.log ?? "" };
    statuses = { restapi: a!.status, tasks: b!.status, tasksError: b!.error };
  }, 320_000);

  it("gets nothing from its install script and its test: no secret, file, service or metadata; the log names the limits", () => {
    expect(statuses.restapi, logs.restapi).toBe("SUCCEEDED");
    const probes = probesIn(logs.restapi);
    expect(Object.keys(probes).sort()).toEqual(["install", "test"]);
    for (const phase of ["install", "test"]) {
      expect(reachedOnes(probes[phase]), phase).toEqual([]);
      expect(probes[phase].memory.detail).toContain("SIGKILL");
      expect(logs.restapi).toContain(`⚠ ${phase}: memory limit 256 MiB reached, process limit 64 reached`);
    }
    expect(logs.restapi).not.toContain(CANARY);
  });

  it("leaves nothing behind after its steps: the setsid process died with the step", () => {
    expect(survivors("install")).toEqual([]);
    expect(survivors("test")).toEqual([]);
  });

  it("gets nothing from its deploy script, which is killed at the memory limit with that reason", () => {
    expect(statuses.tasks).toBe("FAILED");
    expect(statuses.tasksError).toBe("deploy killed: memory limit 256 MiB reached, process limit 64 reached");
    const probes = probesIn(logs.tasks);
    expect(reachedOnes(probes.deploy)).toEqual([]);
    expect(survivors("deploy")).toEqual([]);
  });

  it("gets nothing from its handler, whose setsid process ends with it, and the invocation log names the limits", async () => {
    const res = await fetch(`${h.worker.runtimeUrl}/acme/workshop/dev/restapi/probe`);
    expect(res.status).toBe(200);
    const results = (await res.json()) as Results;
    expect(reachedOnes(results)).toEqual([]);
    expect(results.memory.detail).toContain("SIGKILL");
    const instance = await h.db.serviceInstance.findFirstOrThrow({ where: { stage: "dev", service: { name: "restapi" } } });
    await expect
      .poll(async () => (await readInvocationLogs(h.redis, h.env.REDIS_PREFIX, instance.id)).map((l) => l.line).join("\n"), {
        timeout: 10_000,
      })
      .toContain("memory limit 256 MiB reached, process limit 64 reached");
    expect(survivors("handler")).toEqual([]);
  });

  it("wrote nothing into the data folder, the mirror, the deployments or the worker's home", async () => {
    const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId } });
    const pwned = (dir: string) => readdirSync(dir).filter((f) => f.includes("pwned"));
    expect(pwned(h.env.SLIPWAY_DATA_DIR)).toEqual([]);
    expect(pwned(path.join(h.env.SLIPWAY_DATA_DIR, "deployments"))).toEqual([]);
    expect(pwned(path.join(mirrorDir(h.env.SLIPWAY_DATA_DIR, app.repositoryId), "hooks"))).toEqual([]);
    expect(pwned(os.homedir())).toEqual([]);
  });

  it("reaches every one of those targets when the same probe runs outside the sandbox", async () => {
    const dir = path.join(h.env.SLIPWAY_DATA_DIR, "outside");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "probe.cjs"), probeSource);
    const { stdout } = await execa(process.execPath, ["probe.cjs", "outside"], { cwd: dir, env: process.env, extendEnv: false });
    const results = probesIn(stdout).outside;
    const missed = Object.entries(results)
      .filter(([, v]) => !v.reached)
      .map(([k, v]) => `${k}: ${v.detail}`);
    expect(missed).toEqual([]);
    expect(survivors("outside")).toHaveLength(1);
    const app = await h.db.app.findUniqueOrThrow({ where: { id: h.appId } });
    for (const f of [
      path.join(h.env.SLIPWAY_DATA_DIR, "pwned-outside"),
      path.join(h.env.SLIPWAY_DATA_DIR, "deployments", "pwned-outside"),
      path.join(mirrorDir(h.env.SLIPWAY_DATA_DIR, app.repositoryId), "hooks", "pwned-outside"),
    ])
      await rm(f, { force: true });
  });
});
