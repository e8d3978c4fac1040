import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { execa } from "execa";
import { buildIsFresh, sourceHash, stampBuild } from "../build/ensure-next-build";

/**
 * The dashboard as people reach it, for the load bench: `.next` built once (nice'd) and reused
 * while its sources are unchanged, `scripts/web-server.ts` in production mode on a free port, and
 * sessions signed in over HTTP through next-auth's credentials endpoint.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

export async function ensureWebBuild(): Promise<"reused" | "built"> {
  const hash = sourceHash(ROOT);
  if (buildIsFresh(ROOT, hash)) return "reused";
  const build = await execa("nice", ["-n", "10", "npx", "next", "build"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    all: true,
    reject: false,
  });
  if (build.exitCode !== 0)
    throw new Error(
      `next build failed (exit ${build.exitCode}): ${build.all
        .split("\n")
        .filter((l) => /error|failed/i.test(l))
        .slice(0, 10)
        .join("\n")}`,
    );
  stampBuild(ROOT, hash);
  return "built";
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

export interface WebProcess {
  url: string;
  proc: ChildProcess;
  /** Resident memory of the web process (the node process serving, not a wrapper), in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

export async function startWeb(env: Record<string, string>): Promise<WebProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // node itself runs the server (tsx as a loader), so its pid is the process whose memory we read.
  // BENCH_CPU_PROF=<folder>: the web process writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const proc = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/web-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the web process exited: ${stderr}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the web process did not answer in 90 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    proc,
    rss: () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))?.[1] ?? 0) * 1024,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (proc.exitCode === null) proc.kill("SIGKILL");
    },
  };
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/**
 * Signs in like the login form does (CSRF token, then the credentials callback) and returns the
 * session's Cookie header. `forwardedFor` names the client when the web trusts 127.0.0.1 as its
 * proxy, so each bench user has a login throttle of its own.
 */
export async function signIn(url: string, email: string, password: string, forwardedFor?: string): Promise<string> {
  const via: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  const csrfRes = await fetch(`${url}/api/auth/csrf`, { headers: via });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...via, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrfRes).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: url, json: "true" }),
  });
  const session = cookiesOf(res).find((c) => /session-token=/.test(c));
  if (!session) throw new Error(`signing in ${email} failed (HTTP ${res.status})`);
  return session;
}

/** Time to the response's first byte (its status line and headers), under whatever load runs beside it. */
export function ttfb(url: string, cookie: string): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const req = http.get(url, { headers: { cookie } }, (res) => {
      const ms = performance.now() - t;
      res.resume();
      res.on("end", () => resolve({ ms, status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
  });
}
