import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";

/**
 * Real git servers for tests, on free ports: Debian's sshd (its own host key and authorized_keys,
 * run as root with `-D -e -f <config>`) and git's smart HTTP (`git http-backend`, a CGI program,
 * behind a small Node server with basic auth). Both serve bare repositories from one folder.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000) {
  const start = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, "127.0.0.1", () => (c.end(), resolve(true)));
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - start > timeoutMs) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SshGitServer {
  port: number;
  /** ssh://root@127.0.0.1:<port><dir>/<name>.git */
  urlFor(repoDir: string): string;
  authorize(publicKey: string): Promise<void>;
  /** The current host key's SHA256 fingerprint, as `ssh-keygen -l` prints it. */
  fingerprint(): string;
  /** Restarts sshd with a new host key on the same port (a server reinstalled, or someone in the middle). */
  changeHostKey(): Promise<void>;
  close(): Promise<void>;
}

export async function startSshGitServer(): Promise<SshGitServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-sshd-"));
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const port = await freePort();
  const authorized = path.join(dir, "authorized_keys");
  await writeFile(authorized, "", { mode: 0o600 });
  let child: ChildProcess | null = null;
  let generation = 0;
  let fingerprint = "";
  const start = async () => {
    const hostKey = path.join(dir, `host_ed25519_${generation++}`);
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
    fingerprint = (await execa("ssh-keygen", ["-l", "-f", `${hostKey}.pub`])).stdout.split(" ")[1];
    const config = path.join(dir, "sshd_config");
    await writeFile(
      config,
      [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorized}`,
        `PidFile ${path.join(dir, "sshd.pid")}`,
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password",
        "StrictModes no",
        "UsePAM no",
        "AllowUsers root",
        "LogLevel ERROR",
        "",
      ].join("\n"),
    );
    child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr?.resume();
    await waitForPort(port, child);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const c = child;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
  };
  await start();
  return {
    port,
    urlFor: (repoDir) => `ssh://root@127.0.0.1:${port}${repoDir}`,
    fingerprint: () => fingerprint,
    authorize: (publicKey) => writeFile(authorized, `${publicKey}\n`, { mode: 0o600, flag: "a" }),
    async changeHostKey() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpGitServer {
  url(name: string): string;
  close(): Promise<void>;
}

/** Smart HTTP for the bare repositories under `root`, behind basic auth with one user and token. */
export async function startHttpGitServer(root: string, creds: { username: string; token: string }): Promise<HttpGitServer> {
  const expected = `Basic ${Buffer.from(`${creds.username}:${creds.token}`).toString("base64")}`;
  const server = http.createServer((req, res) => {
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end("Unauthorized");
      req.resume();
      return;
    }
    const u = new URL(req.url ?? "/", "http://localhost");
    const cgi = spawn("git", ["http-backend"], {
      stdio: ["pipe", "pipe", "ignore"],
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.slice(1),
        REQUEST_METHOD: req.method ?? "GET",
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        REMOTE_USER: creds.username,
        REMOTE_ADDR: "127.0.0.1",
        GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
        HTTP_CONTENT_ENCODING: String(req.headers["content-encoding"] ?? ""),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split("\r\n")) {
        const i = line.indexOf(":");
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === "status") status = Number(v.split(" ")[0]);
        else res.setHeader(k, v);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on("end", () => res.end());
    cgi.on("error", () => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
