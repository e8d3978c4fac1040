import { execFileSync } from "node:child_process";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { login } from "./support/login";
import { pushChange, WORKSHOP_REMOTE } from "./support/workshop";

/** Issue 18, items 2, 3, 6 and 7: the build page and stage page say what happened, in plain words. */

// A reader away from UTC: times must come out in their zone, not as raw UTC stamps.
test.use({ timezoneId: "Europe/Berlin" });

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
}

async function openWorkshop(page: Page) {
  await login(page, "dev@example.com");
  await page.getByTestId("app-card-workshop").click();
  await expect(page.getByRole("heading", { name: "workshop", level: 1 })).toBeVisible();
}

/** Opens restapi's newest build whose row carries this commit message, from the app page. */
async function openBuild(page: Page, message: string) {
  // A new preview stage builds every service; restapi is the one whose tests the change breaks or slows.
  const row = page.getByTestId("build-row").filter({ hasText: message }).filter({ hasText: "restapi →" }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("build-status")).toBeVisible();
}

test("a finished build leads with a Visit link to what it deployed and the outputs it published", async ({ page, request }, testInfo) => {
  test.setTimeout(240_000);
  await openWorkshop(page);
  const restapi = page.getByTestId("instance-staging-restapi");
  await expect(restapi.getByTestId("instance-link")).toBeVisible({ timeout: 180_000 });
  await restapi.getByRole("link").first().click();
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "SUCCEEDED");
  const visit = page.getByTestId("build-visit");
  await expect(visit).toBeVisible();
  const href = (await visit.getAttribute("href"))!;
  expect(href).toMatch(/^http:\/\/staging--restapi--workshop--acme\.localhost:\d+\/submit$/);
  expect((await request.get(href)).status()).toBe(200);
  await expect(page.getByTestId("build-deployed-link")).toHaveAttribute("href", href);
  await shot(page, testInfo, "build-visit");

  // A service without HTTP functions: no link, but its outputs, and never a secret parameter's value.
  await page.getByRole("link", { name: "workshop", exact: true }).click();
  const database = page.getByTestId("instance-staging-database");
  await expect(database.getByRole("link").first()).toBeVisible({ timeout: 60_000 });
  await database.getByRole("link").first().click();
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 60_000 });
  await expect(page.getByTestId("build-deployed")).toContainText("Deployed to staging · no HTTP endpoint");
  await expect(page.getByTestId("build-outputs")).toContainText("database_submissions_name");
  await expect(page.getByTestId("build-outputs")).toContainText("workshop-submissions-staging");
  await expect(page.getByTestId("build-visit")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText("staging-key-b81e42");
  await shot(page, testInfo, "build-outputs");

  // The stage page tells the same truth, and an instance without invocations reserves no black box.
  await page.goto("/apps/workshop/stages/staging");
  const card = page.getByTestId("stage-service-database");
  await expect(card.getByTestId("stage-service-state")).toHaveText("Deployed · no HTTP endpoint");
  // The build succeeded and the service is deployed: nothing on the card says otherwise.
  await expect(card).not.toContainText(/not deployed/i);
  const empty = card.getByTestId("stage-no-invocations");
  await expect(empty).toBeVisible();
  expect((await empty.boundingBox())!.height).toBeLessThan(40);
  // Relative times carry the reader's local time as their tooltip, not a raw UTC stamp.
  const title = await page.locator("time[title]").first().getAttribute("title");
  expect(title).toMatch(/GMT\+1|CET/);
  expect(title).not.toMatch(/UTC|T\d\d:\d\d/);
  await shot(page, testInfo, "stage-page");
});

test("a failing build shows the failing lines, highlights errors, jumps to the first one and searches the log", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await openWorkshop(page);
  const message = `restapi: e2e failing greeting ${Date.now()}`;
  pushChange(
    "feature/e2e-fails",
    "services/restapi/handler.js",
    (s) => s.replace(/const GREETING = ".*";/, 'const GREETING = "Hi there";'),
    message,
  );
  await openBuild(page, message);
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "FAILED", { timeout: 150_000 });

  const banner = page.getByTestId("build-failure");
  await expect(banner).toContainText("test failed");
  await expect(banner).not.toContainText("`");
  await expect(page.getByTestId("build-failure-lines")).toContainText("did not match the regular expression /restapi/");
  await expect(page.getByTestId("build-failure-lines")).toContainText("'Hi there'");
  await shot(page, testInfo, "failed-banner");

  const errors = page.locator('[data-testid="log-line"][data-error="true"]');
  expect(await errors.count()).toBeGreaterThan(0);
  await page.getByTestId("log-first-error").click();
  await expect(errors.first()).toBeInViewport();

  await page.getByTestId("log-search").fill("regular expression");
  await expect(page.getByTestId("log-search-count")).toHaveText(/^1 of \d+$/);
  await page.getByTestId("log-search").press("Enter");
  await expect(page.locator('[data-testid="log-line"][data-match="current"]')).toBeInViewport();
  await shot(page, testInfo, "log-search");

  // Steps are links to where they start in the log.
  await page.getByTestId("step-install").getByRole("link").click();
  await expect(page).toHaveURL(/#log-step-install$/);
  await expect(page.locator("#log-step-install")).toBeInViewport();

  // The app page's row for the failed preview names its commit like the others.
  await page.getByRole("link", { name: "workshop", exact: true }).click();
  await expect(page.getByTestId("instance-feature-e2e-fails-restapi").getByTestId("instance-last-commit")).toContainText(message);
});

test("cancelling asks first, stops the step live and says who cancelled", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openWorkshop(page);
  const message = `restapi: e2e slow tests ${Date.now()}`;
  pushChange(
    "feature/e2e-cancel",
    "services/restapi/handler.js",
    (s) => `require("node:child_process").execSync("sleep 120");\n${s}`,
    message,
  );
  await openBuild(page, message);
  const testStep = page.getByTestId("step-test");
  await expect(testStep).toHaveAttribute("data-status", "RUNNING", { timeout: 150_000 });
  await expect(page.getByTestId("build-duration")).toContainText("running for");

  await page.getByTestId("build-cancel").click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Cancel build #");
  await shot(page, testInfo, "cancel-confirm");
  await dialog.getByRole("button", { name: "Cancel build" }).click();

  // No reload: the page itself stops showing the step as running.
  await expect(page.getByTestId("build-status")).toHaveAttribute("data-status", "CANCELED");
  await expect(testStep).toHaveAttribute("data-status", "CANCELED");
  await expect(page.getByTestId("build-status")).toHaveText("Cancelled");
  await expect(page.getByTestId("build-failure")).toHaveText("Cancelled by Ada Developer.");
  await expect(page.getByTestId("build-duration")).toContainText("took");
  // After the worker has wound down, still a cancellation, never a failed test.
  await page.waitForTimeout(6_000);
  await expect(testStep).toHaveAttribute("data-status", "CANCELED");
  await expect(page.locator("main")).not.toContainText("Canceled");
  await expect(page.locator("main")).not.toContainText("Failed");
  await shot(page, testInfo, "cancelled");
});

test("a destroyed preview says when and why it was destroyed, on its stage page and in the builds table", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await openWorkshop(page);
  pushChange(
    "feature/e2e-gone",
    "services/restapi/handler.js",
    (s) => s.replace(/const GREETING = ".*";/, 'const GREETING = "Hello from restapi, soon gone";'),
    "restapi: preview to destroy",
  );
  await expect(page.getByTestId("instance-feature-e2e-gone-restapi").getByTestId("instance-link")).toBeVisible({ timeout: 150_000 });
  execFileSync("git", ["--git-dir", WORKSHOP_REMOTE, "branch", "-D", "feature/e2e-gone"]);
  await expect(page.getByTestId("stage-feature-e2e-gone")).toHaveCount(0, { timeout: 90_000 });

  // The removal row says why with the build, not in the Commit column.
  const row = page
    .getByTestId("build-row")
    .filter({ has: page.getByTestId("build-removal-reason") })
    .first();
  await expect(row.getByTestId("build-removal-reason")).toHaveText("Branch feature/e2e-gone was deleted");
  await expect(row.locator("td").nth(3)).not.toContainText("deleted");

  await page.goto("/apps/workshop/stages/feature-e2e-gone");
  const banner = page.getByTestId("stage-destroyed");
  await expect(banner).toContainText("This preview was destroyed");
  await expect(banner).toContainText("because branch feature/e2e-gone was deleted");
  const card = page.getByTestId("stage-service-restapi");
  await expect(card.getByTestId("stage-service-state")).toHaveText("Removed");
  await expect(card).not.toContainText("Succeeded");
  await shot(page, testInfo, "destroyed-preview");
});
