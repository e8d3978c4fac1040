import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDeps, closeDeps, createDeps } from "./composition";
import { createCipher } from "./domain/secrets/cipher";
import { parseEnv } from "./env";
import { contextFor } from "./trpc/context";

/**
 * The composition root builds each shared dependency once per process, and only when something
 * reads it: a TCP listener stands in for Redis's port and counts who connects.
 */
let listener: net.Server;
const sockets = new Set<net.Socket>();
let connections = 0;
let url: string;

beforeAll(async () => {
  listener = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
  url = `redis://127.0.0.1:${(listener.address() as net.AddressInfo).port}`;
  // The process's own root (appDeps) reads its configuration from the environment, as web and worker do.
  process.env.REDIS_URL = url;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => listener.close(() => r()));
});

const settle = () => new Promise((r) => setTimeout(r, 100));

describe("createDeps", () => {
  it("builds each dependency once, the first time it is read", async () => {
    const deps = createDeps(parseEnv({ NODE_ENV: "test", REDIS_URL: url }));
    expect(deps.cipher).toBe(deps.cipher);
    expect(deps.github).toBe(deps.github);
    expect(deps.artifacts).toBe(deps.artifacts);
    // None of those needs Redis: nothing has connected yet.
    await settle();
    expect(connections).toBe(0);
    expect(deps.redis).toBe(deps.redis);
    expect(deps.queue).toBe(deps.queue);
    await settle();
    expect(connections).toBe(1);
    await closeDeps(deps);
  });

  it("uses what the caller passes instead of building it", () => {
    const env = parseEnv({ NODE_ENV: "test", REDIS_URL: url });
    const cipher = createCipher(env.SLIPWAY_ENCRYPTION_KEY);
    const deps = createDeps(env, { cipher });
    expect(deps.cipher).toBe(cipher);
    expect(deps.env).toBe(env);
  });

  it("the web's tRPC contexts of two requests hold the process's one cipher, runtime client and Redis", async () => {
    expect(appDeps()).toBe(appDeps());
    const first = contextFor(appDeps(), "user-a");
    const second = contextFor(appDeps(), "user-b");
    expect(second.cipher).toBe(first.cipher);
    expect(second.runtime).toBe(first.runtime);
    expect(second.redis).toBe(first.redis);
    expect([first.userId, second.userId]).toEqual(["user-a", "user-b"]);
    await closeDeps(appDeps());
  });
});
