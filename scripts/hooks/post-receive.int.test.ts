import http from "node:http";
import type { AddressInfo } from "node:net";
import { copyFile, chmod } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, waitFor, waitForBuilds, type Harness, deployDatabaseToDev } from "../test/harness";
import { connectWebhooks, loadWebhookRoutes } from "../test/webhook-routes";

/**
 * The shipped post-receive hook, installed in the workshop's bare repository: a real `git push`
 * runs it, it signs with openssl and posts with curl to the real route handler behind a real HTTP
 * server, and the branch is previewed, then destroyed when deleted.
 */
let h: Harness;
let server: http.Server;
const received: { status: number; signature: string | undefined }[] = [];
const SECRET = "hook-secret-with-'quotes'-and spaces";

beforeAll(async () => {
  h = await startHarness();
  const { git } = await loadWebhookRoutes(h);
  await connectWebhooks(h, SECRET);
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const response = await git(
      new Request(`http://slipway.test${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      }),
    );
    received.push({ status: response.status, signature: req.headers["x-slipway-signature"] as string | undefined });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const hook = path.join(h.repo.bareDir, "hooks", "post-receive");
  await copyFile(path.join(import.meta.dirname, "post-receive"), hook);
  await chmod(hook, 0o755);
  await execa("git", ["--git-dir", h.repo.bareDir, "config", "slipway.url", `http://127.0.0.1:${port}/api/webhooks/git?app=acme/workshop`]);
  await execa("git", ["--git-dir", h.repo.bareDir, "config", "slipway.secret", SECRET]);
  await deployDatabaseToDev(h);
}, 120_000);

afterAll(async () => {
  server?.close();
  await h?.close();
});

describe("scripts/hooks/post-receive", () => {
  it("notifies Slipway of a pushed branch and of its deletion, signed", async () => {
    const sha = await h.repo.commitFile(
      "services/restapi/handler.js",
      (s) => s.replace("Hello from restapi", "Hello from restapi hooked"),
      "Hooked",
      "feature/hooked",
    );
    const builds = await waitFor("builds of the pushed branch", async () => {
      const b = await h.db.build.findMany({ where: { branch: "feature/hooked", commitSha: sha } });
      return b.length === 3 ? b : null;
    });
    expect(received.at(-1)).toMatchObject({ status: 202, signature: expect.stringMatching(/^sha256=[0-9a-f]{64}$/) });
    for (const b of await waitForBuilds(
      h,
      builds.map((b) => b.id),
    ))
      expect(b.status).toBe("SUCCEEDED");
    const link = `${h.worker.runtimeUrl}/acme/workshop/feature-hooked/restapi/submit`;
    expect(await (await fetch(link)).json()).toMatchObject({ message: "Hello from restapi hooked", env: "dev" });

    await h.repo.git("push", "--quiet", "origin", "--delete", "feature/hooked");
    const removals = await waitFor("removals", async () => {
      const b = await h.db.build.findMany({ where: { branch: "feature/hooked", kind: "REMOVE" } });
      return b.length === 3 ? b : null;
    });
    await waitForBuilds(
      h,
      removals.map((b) => b.id),
    );
    expect((await fetch(link)).status).toBe(404);
  });

  it("is refused with a wrong secret, and the push still succeeds", async () => {
    await execa("git", ["--git-dir", h.repo.bareDir, "config", "slipway.secret", "not-the-secret"]);
    const before = await h.db.build.count();
    await h.repo.commitFile("services/restapi/handler.js", (s) => `${s}\n// forged\n`, "Forged", "feature/forged");
    await waitFor("the hook's attempt", async () => received.at(-1)?.status === 401);
    expect(await h.db.build.count()).toBe(before);
  });
});
