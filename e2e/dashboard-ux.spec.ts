import { expect, test } from "@playwright/test";
import { login } from "./support/login";

/** Pages a person can read at a glance: proper no-access and not-found pages, tab titles, a phone-sized app page. */

test("a reviewer who opens an admin page gets a no-access page with a way back, not an internal code", async ({ page }, testInfo) => {
  await login(page, "reviewer@example.com");
  await page.goto("/settings/profiles");
  const refused = page.getByTestId("profiles-error");
  await expect(refused.getByRole("heading", { name: "No access" })).toBeVisible();
  await expect(refused).toContainText("Your role cannot open this page");
  await expect(refused).not.toContainText("profiles.read");
  await testInfo.attach("no-access", { body: await page.screenshot(), contentType: "image/png" });
  await refused.getByRole("link", { name: "Back to apps" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Apps" })).toBeVisible();
});

test("an app or a page that does not exist says so, with a way back", async ({ page }, testInfo) => {
  await login(page, "dev@example.com");
  await page.goto("/apps/no-such-app");
  const missing = page.getByTestId("app-error");
  await expect(missing.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(missing).toContainText('No app "no-such-app"');
  await page.goto("/no/such/page");
  await expect(page.getByTestId("not-found").getByRole("heading", { name: "Page not found" })).toBeVisible();
  await testInfo.attach("not-found", { body: await page.screenshot(), contentType: "image/png" });
  await page.getByRole("link", { name: "Back to apps" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Apps" })).toBeVisible();
});

test("each page's tab says what it is: the app, a build of it", async ({ page }) => {
  await login(page, "dev@example.com");
  await page.goto("/apps/workshop");
  await expect(page).toHaveTitle("workshop · Slipway");
  const first = page.getByTestId("build-row").first().getByRole("link").first();
  const number = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveTitle(`Build ${number} · workshop · Slipway`);
  await page.goto("/apps/workshop/release");
  await expect(page).toHaveTitle("Release · workshop · Slipway");
});

test("the app page fits a 390-pixel phone without sideways scrolling", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "dev@example.com");
  await page.goto("/apps/workshop");
  await expect(page.getByTestId("builds-table")).toBeVisible();
  await testInfo.attach("phone", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("builds on the app page filter by status and service, and say who triggered them", async ({ page }) => {
  await login(page, "dev@example.com");
  await page.goto("/apps/workshop");
  const rows = page.getByTestId("build-row");
  await expect(rows.first()).toBeVisible();
  await page.getByTestId("builds-filter-status").selectOption("SUCCEEDED");
  await page.getByTestId("builds-filter-service").selectOption("database");
  await expect
    .poll(async () => {
      const texts = await rows.allTextContents();
      return texts.length > 0 && texts.every((t) => t.includes("database") && /Succeeded/.test(t));
    })
    .toBe(true);
  await expect(rows.first().getByTestId("build-triggered-by")).not.toBeEmpty();
});
