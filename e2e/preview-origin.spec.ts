import { expect, test, type Page } from "@playwright/test";
import { login } from "./support/login";
import { pushChange } from "./support/workshop";

/**
 * Previews run other people's code: each instance has an origin of its own
 * (<stage>--<service>--<app>--<org>.localhost), so a handler never gets the dashboard's session
 * cookie and one tenant's page cannot read another instance's responses.
 */
const RUNTIME_PORT = Number(process.env.E2E_RUNTIME_PORT ?? 4100);

/** A branch whose restapi also has GET /echo (no CORS), answering with the Cookie header it was given. */
function pushEchoBranch(branch: string, name: string) {
  pushChange(
    branch,
    "services/restapi/handler.js",
    (s) => `${s}
exports.echo = async (event) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ instance: ${JSON.stringify(name)}, cookie: (event.headers && (event.headers.cookie || event.headers.Cookie)) || null }),
});
`,
    `restapi: echo for ${name}`,
  );
  pushChange(
    branch,
    "services/restapi/serverless.yml",
    (s) => `${s}
  echo:
    handler: handler.echo
    events:
      - http:
          path: echo
          method: get
`,
    `restapi: route /echo for ${name}`,
  );
}

async function echoOf(page: Page, url: string) {
  await expect.poll(async () => (await page.goto(url))?.status(), { timeout: 150_000, intervals: [1000] }).toBe(200);
  return JSON.parse((await page.locator("body").innerText()).trim()) as { instance: string; cookie: string | null };
}

test("a preview handler gets no dashboard cookie, and a preview page cannot read another instance", async ({ page }) => {
  test.setTimeout(300_000);
  pushEchoBranch("feature/origin-a", "a");
  pushEchoBranch("feature/origin-b", "b");
  await login(page, "dev@example.com");
  const session = (await page.context().cookies()).find((c) => c.name.includes("next-auth.session-token"));
  expect(session?.domain).toBe("localhost");

  await page.getByTestId("app-card-workshop").click();
  const link = page.getByTestId("instance-feature-origin-a-restapi").getByTestId("instance-link");
  await expect(link).toBeVisible({ timeout: 150_000 });
  const origin = new URL((await link.getAttribute("href"))!).origin;
  expect(origin).toBe(`http://feature-origin-a--restapi--workshop--acme.localhost:${RUNTIME_PORT}`);
  const other = `http://feature-origin-b--restapi--workshop--acme.localhost:${RUNTIME_PORT}`;

  // Cookies on the instance's own host, one named like the dashboard's session: the runtime strips
  // that one before it builds the event (a runtime sharing the dashboard's domain would get the real one).
  await page.context().addCookies([
    { name: "next-auth.session-token", value: "planted-session", url: origin },
    { name: "theirs", value: "kept", url: origin },
  ]);

  const a = await echoOf(page, `${origin}/echo`);
  expect(a.instance).toBe("a");
  expect(a.cookie).toBe("theirs=kept");
  expect(a.cookie).not.toContain(session!.value);

  // An old path-style link on the runtime's bare host moves to the instance's origin.
  const moved = await echoOf(page, `http://localhost:${RUNTIME_PORT}/acme/workshop/feature-origin-a/restapi/echo`);
  expect(page.url()).toBe(`${origin}/echo`);
  expect(moved.cookie ?? "").not.toContain("next-auth");

  // From instance a's page: its own origin reads fine, instance b's is blocked by the browser.
  await echoOf(page, `${other}/echo`); // b is deployed and answers when visited
  await page.goto(`${origin}/echo`);
  const reads = await page.evaluate(async (otherUrl) => {
    const read = (url: string) =>
      fetch(url, { credentials: "include" })
        .then((r) => r.text())
        .then(
          (t) => `read: ${t}`,
          (e: Error) => `blocked: ${e.message}`,
        );
    return { own: await read("/echo"), other: await read(`${otherUrl}/echo`) };
  }, other);
  expect(reads.own).toContain('read: {"instance":"a"');
  expect(reads.other).toMatch(/^blocked: /);
});
