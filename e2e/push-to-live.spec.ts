import { expect, test } from "@playwright/test";
import { login } from "./support/login";
import { pushChange } from "./support/workshop";

test("a developer pushes to master, watches the log stream live, and opens the deployed link", async ({ page, request }) => {
  await login(page, "dev@example.com");
  await page.getByTestId("app-card-workshop").click();
  await expect(page.getByRole("heading", { name: "workshop", level: 1 })).toBeVisible();
  // The demo's first deploy of staging must be live before we push on top of it.
  await expect(page.getByTestId("instance-staging-restapi").getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });

  const marker = `Hello from restapi, e2e ${Date.now()}`;
  pushChange(
    "master",
    "services/restapi/handler.js",
    (s) =>
      s.replace(/const GREETING = ".*";/, `const GREETING = "${marker}";\nconst SLOW = require("node:child_process").execSync("sleep 2");`),
    "restapi: e2e greeting",
  );
  // The watcher polls the remote every second; the new build shows up in the table.
  const row = page.getByTestId("build-row").filter({ hasText: "restapi: e2e greeting" }).first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.getByRole("link").first().click();

  // Lines arrive while the build is still running.
  await expect(page.getByTestId("log-line").first()).toBeVisible();
  const status = page.getByTestId("build-status");
  await expect(page.getByTestId("log-line").filter({ hasText: "▸ install" })).toBeVisible();
  expect(await status.getAttribute("data-status")).toMatch(/RUNNING|QUEUED/);
  await expect(status).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 90_000 });
  await expect(page.getByTestId("log-line").filter({ hasText: "succeeded" })).toBeVisible();

  // The page's event stream: a reconnect that sends the last id it saw gets the rest, each line once.
  const stream = `/api/builds/${page.url().split("/builds/")[1]}/log/stream`;
  const events = (text: string) =>
    text
      .split("\n\n")
      .filter((e) => /^data: /m.test(e))
      .map((e) => ({ id: /^id: (.*)$/m.exec(e)?.[1] ?? "", lines: JSON.parse(/^data: (.*)$/m.exec(e)![1]).lines as string[] }));
  const whole = events(await (await page.request.get(stream)).text());
  expect(whole.length).toBeGreaterThan(1);
  await expect(page.getByTestId("log-line")).toHaveCount(whole.flatMap((e) => e.lines).length);
  const cut = Math.floor(whole.length / 2);
  const rest = events(await (await page.request.get(stream, { headers: { "last-event-id": whole[cut - 1]!.id } })).text());
  expect([...whole.slice(0, cut), ...rest].flatMap((e) => e.lines)).toEqual(whole.flatMap((e) => e.lines));
  // Signed out, nothing streams.
  const anonymous = await request.get(stream, { headers: { cookie: "" } });
  expect(anonymous.status()).toBe(401);

  await page.getByRole("link", { name: "workshop", exact: true }).click();
  const link = page.getByTestId("instance-staging-restapi").getByTestId("instance-link");
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^http:\/\/staging--restapi--workshop--acme\.localhost:\d+\/submit$/);
  const res = await request.get(href!);
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ message: marker, env: "staging" });
  const live = await page.context().newPage();
  await live.goto(href!);
  await expect(live.locator("body")).toContainText(marker);
});
