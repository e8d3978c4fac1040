import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<"GET" | "POST", Handler>>;

/**
 * The real app/api/v1 route modules behind a plain node:http server, routed the way Next's file
 * system router would (dynamic segments become params). Lighter than `next start` for integration
 * tests, and it runs the same handler code. The modules read configuration through getEnv(), so
 * set process.env before calling this.
 */
export async function startApiServer(): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const routes: [RegExp, string[], () => Promise<RouteModule>][] = [
    [/^\/api\/v1\/me$/, [], () => import("../../app/api/v1/me/route")],
    [/^\/api\/v1\/apps$/, [], () => import("../../app/api/v1/apps/route")],
    [
      /^\/api\/v1\/apps\/([^/]+)\/services\/([^/]+)\/deploy$/,
      ["app", "service"],
      () => import("../../app/api/v1/apps/[app]/services/[service]/deploy/route"),
    ],
    [
      /^\/api\/v1\/apps\/([^/]+)\/services\/([^/]+)\/remove$/,
      ["app", "service"],
      () => import("../../app/api/v1/apps/[app]/services/[service]/remove/route"),
    ],
    [/^\/api\/v1\/apps\/([^/]+)\/services$/, ["app"], () => import("../../app/api/v1/apps/[app]/services/route")],
    [/^\/api\/v1\/repositories$/, [], () => import("../../app/api/v1/repositories/route")],
    [/^\/api\/v1\/repositories\/([^/]+)\/test$/, ["id"], () => import("../../app/api/v1/repositories/[id]/test/route")],
    [/^\/api\/v1\/repositories\/([^/]+)\/services$/, ["id"], () => import("../../app/api/v1/repositories/[id]/services/route")],
    [/^\/api\/v1\/apps\/([^/]+)\/outputs$/, ["app"], () => import("../../app/api/v1/apps/[app]/outputs/route")],
    [/^\/api\/v1\/apps\/([^/]+)\/params$/, ["app"], () => import("../../app/api/v1/apps/[app]/params/route")],
    [/^\/api\/v1\/builds\/([^/]+)$/, ["id"], () => import("../../app/api/v1/builds/[id]/route")],
    [/^\/api\/v1\/builds\/([^/]+)\/log$/, ["id"], () => import("../../app/api/v1/builds/[id]/log/route")],
    [/^\/api\/v1\/(.+)$/, ["rest"], () => import("../../app/api/v1/[...rest]/route")],
  ];
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const route = routes.find(([re]) => re.test(url.pathname));
    const method = (req.method ?? "GET") as "GET" | "POST";
    const mod = route ? await route[2]() : null;
    const handler = mod?.[method];
    if (!route || !handler) {
      res.writeHead(route ? 405 : 404).end();
      return;
    }
    const match = route[0].exec(url.pathname)!;
    const params = Object.fromEntries(route[1].map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const request = new Request(url, {
      method,
      headers: req.headers as Record<string, string>,
      body: method === "GET" ? undefined : (Readable.toWeb(req) as ReadableStream),
      duplex: "half",
      signal: controller.signal,
    } as RequestInit);
    const response = await handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error(e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
