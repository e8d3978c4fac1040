import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import type { Db } from "../../server/db";
import type { Cipher } from "../../server/domain/secrets/cipher";
import type { RuntimeAddress } from "../../server/domain/deployments/instance-url";
import { instanceLabel, labelOfHost } from "../../server/domain/deployments/instance-host";
import { buildEvent, MalformedResponse, toHttpResponse, type GatewayResponse } from "./api-gateway";
import { dropDashboardSetCookies, isDashboardCookie } from "./dashboard-cookies";
import { createInstanceLookup } from "./instance-lookup";
import { createPool, InvocationError, type Pool } from "./pool";
import { corsOrigin, describeRoutes, matchRoute, preflight } from "./routes";
import { startScheduleWorker } from "./schedules";
import type { LocalCloudLink } from "../targets/local-cloud/start";
import { cloudEnv } from "./cloud-env";
import { startRuntimeControlWorker } from "../../server/runtime/contract";
import type { ArtifactStore } from "../../server/artifacts/artifact-store";
import { logger } from "../../server/logger";

export interface RuntimeOptions {
  db: Db;
  redis: Redis;
  /** The process's one cipher (server/composition.ts): opens deployments' sealed secrets. */
  cipher: Cipher;
  prefix: string;
  port: number;
  host: string;
  /** Instance hosts are <label>.<address.domain>; the public URL's scheme is used in redirects. Default: *.localhost over http. */
  address?: RuntimeAddress;
  /** The dashboard (NEXTAUTH_URL): its cookies never reach handlers, handlers cannot set cookies for it. */
  dashboardUrl?: string;
  /** Consume the schedules queue here too (default). Several runtimes may; BullMQ runs each job once. */
  runSchedules?: boolean;
  graceMs?: number;
  /** Points handlers' AWS SDKs at the local cloud (absent: handlers get no local endpoints). */
  localCloud?: LocalCloudLink;
  /** Where artifacts built elsewhere are fetched from (absent: recorded locations are local folders). */
  artifacts?: ArtifactStore;
  /** Take prepare-deployment jobs of the runtime-control queue (default). */
  runControl?: boolean;
}

export interface Runtime {
  url: string;
  pool: Pool;
  /** Warms every function of a deployment; rejects with the load error (e.g. a missing handler). */
  prepare(deploymentId: string): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY = 6 * 1024 * 1024; // Lambda's synchronous payload limit

const json = (statusCode: number, value: unknown, headers: Record<string, string> = {}): GatewayResponse => ({
  statusCode,
  headers: { "content-type": "application/json", ...headers },
  body: Buffer.from(JSON.stringify(value)),
});

/** The local deploy target's HTTP front: instance URL → current deployment → route → warm child. */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { db, redis, prefix, cipher } = opts;
  const pool = createPool({
    redis,
    prefix,
    graceMs: opts.graceMs,
    reservedEnv: (d) => cloudEnv(opts.localCloud, d),
    artifacts: opts.artifacts,
  });
  const lookup = await createInstanceLookup({ db, redis, prefix, cipher });
  const address = opts.address ?? { publicUrl: "http://localhost", domain: "localhost" };
  const publicProtocol = new URL(address.publicUrl).protocol;
  const dashboardHost = new URL(opts.dashboardUrl ?? "http://localhost").hostname;
  const scheduleConnection = opts.runSchedules === false ? null : redis.duplicate({ maxRetriesPerRequest: null });
  const scheduler = scheduleConnection && startScheduleWorker({ connection: scheduleConnection, prefix, db, cipher, pool });

  async function prepare(deploymentId: string) {
    const d = await lookup.deployment(deploymentId);
    if (!d) throw new Error(`No deployment ${deploymentId}`);
    await pool.prepare(d);
  }
  // Web and workers on any host ask through Redis (server/runtime/contract.ts); no HTTP endpoint for it.
  const controlConnection = opts.runControl === false ? null : redis.duplicate({ maxRetriesPerRequest: null });
  const control = controlConnection && startRuntimeControlWorker({ connection: controlConnection, prefix, prepare });

  /**
   * A path-style link (/<org>/<app>/<stage>/<service>/<path>, from before instances had hosts of
   * their own) moves for good to the instance's host; the port is the one the request came to.
   */
  function redirectPathStyle(req: http.IncomingMessage, url: URL): GatewayResponse {
    const raw = url.pathname.split("/").slice(1);
    let parts: string[];
    try {
      parts = raw.slice(0, 4).map(decodeURIComponent);
    } catch {
      return json(400, { message: "Malformed URL" });
    }
    const [orgSlug, appSlug, stage, serviceName] = parts;
    if (!orgSlug || !appSlug || !stage || !serviceName) {
      return json(404, { message: `Not found: instances answer at <stage>--<service>--<app>--<org>.${address.domain}` });
    }
    const port = /:(\d+)$/.exec(req.headers.host ?? "")?.[0] ?? "";
    const host = `${instanceLabel({ orgSlug, appSlug, stage, serviceName })}.${address.domain}${port}`;
    const location = `${publicProtocol}//${host}/${raw.slice(4).join("/")}${url.search}`;
    return { statusCode: 308, headers: { location, "content-type": "text/plain" }, body: Buffer.from(`Moved to ${location}\n`) };
  }

  async function route(req: http.IncomingMessage, requestId: string): Promise<GatewayResponse> {
    const url = new URL(req.url ?? "/", "http://runtime");
    const method = (req.method ?? "GET").toUpperCase();
    const label = labelOfHost(req.headers.host, address.domain);
    if (label !== null) return serveInstance(req, url, method, label, requestId);
    if (url.pathname === "/_slipway/health") return json(200, { ok: true, children: pool.size() });
    return redirectPathStyle(req, url);
  }

  /** A request on an instance's own host: its current deployment → route → warm child. */
  async function serveInstance(
    req: http.IncomingMessage,
    url: URL,
    method: string,
    label: string,
    requestId: string,
  ): Promise<GatewayResponse> {
    const found = await lookup.findByLabel(label);
    if (!found.instance || !found.deployment)
      return json(404, { message: found.instance ? `Nothing deployed at ${label}` : `No instance at ${label}` });
    const d = found.deployment;
    const stage = d.stage;
    const path = url.pathname; // left encoded: route matching decodes parameter values once
    const origin = req.headers.origin;
    if (method === "OPTIONS") {
      const pf = preflight(d.config, path, origin);
      if (pf) return { statusCode: 204, headers: pf, body: Buffer.alloc(0) };
    }
    const match = matchRoute(d.config, method, path);
    if (!match) {
      const routes = describeRoutes(d.config);
      return json(404, { message: `No route ${method} ${path}; routes: ${routes.join(", ") || "none"}`, routes });
    }
    const body = await readBody(req);
    if (!body) return json(413, { message: `Request body over ${MAX_BODY} bytes` });
    const event = buildEvent(match, {
      method,
      path,
      rawQuery: url.search.slice(1),
      rawHeaders: req.rawHeaders,
      body,
      requestId,
      stage,
      sourceIp: req.socket.remoteAddress ?? "",
      host: req.headers.host ?? "",
      dropCookie: isDashboardCookie,
    });
    const res = await pool.invoke(d, match.fn, event, { requestId }).then(
      (result) => toHttpResponse(match.route.kind, result),
      (e: unknown) => {
        if (e instanceof InvocationError && e.kind === "timeout")
          return json(504, { message: "Endpoint request timed out", errorMessage: e.message });
        if (e instanceof InvocationError)
          return json(502, { message: "Internal server error", errorType: e.errorType, errorMessage: e.message });
        if (e instanceof MalformedResponse) return json(502, { message: e.message });
        throw e;
      },
    );
    dropDashboardSetCookies(res.headers, dashboardHost);
    const allow = corsOrigin(match.route.cors, origin);
    if (allow && !res.headers["access-control-allow-origin"]) res.headers["access-control-allow-origin"] = allow;
    res.headers["x-slipway-deployment"] = d.id;
    return res;
  }

  const server = http.createServer((req, res) => {
    const requestId = randomUUID();
    route(req, requestId)
      .catch((e: Error) => {
        logger().error({ err: e }, `[runtime] ${req.method} ${req.url?.split("?")[0]} failed`);
        return json(500, { message: "Runtime error", requestId });
      })
      .then((r) => {
        try {
          res.writeHead(r.statusCode, { ...r.headers, "x-amzn-requestid": requestId });
        } catch (e) {
          // A handler's invalid status or header (say, one with a newline) must not take the runtime down.
          const bad = json(502, { message: `Malformed Lambda proxy response: ${(e as Error).message}` });
          res.writeHead(bad.statusCode, bad.headers);
          r = bad;
        }
        res.end(req.method === "HEAD" ? undefined : r.body);
      });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(opts.port, opts.host, resolve));
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${host}:${port}`,
    pool,
    prepare,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await control?.close();
      await controlConnection?.quit().catch(() => undefined);
      await scheduler?.close();
      await scheduleConnection?.quit().catch(() => undefined);
      await pool.close();
      await lookup.close();
    },
  };
}

/** The whole body, or null past MAX_BODY (the rest is drained, not buffered). */
function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
