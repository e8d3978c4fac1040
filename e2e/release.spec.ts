import { expect, test } from "@playwright/test";
import { login } from "./support/login";

// The demo leaves staging one change ahead of prod (see scripts/demo): promote it, watch prod go
// live, open prod's link, roll back, and see the earlier response.
test("a product owner promotes staging to prod, watches it go live, and rolls it back", async ({ page, request }) => {
  await login(page, "po@example.com");
  await page.goto("/apps/workshop");
  await page.getByTestId("app-release-link").click();
  const prodRow = page.getByTestId("release-instance-prod-restapi");
  const stagingRow = page.getByTestId("release-instance-staging-restapi");
  await expect(prodRow.getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  await expect(stagingRow.getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("pending-restapi").locator("li").first()).toBeVisible();

  const prodUrl = (await prodRow.getByTestId("instance-link").getAttribute("href"))!;
  const stagingUrl = (await stagingRow.getByTestId("instance-link").getAttribute("href"))!;
  const before = (await (await request.get(prodUrl)).json()).message as string;
  const staged = (await (await request.get(stagingUrl)).json()).message as string;
  expect(staged).not.toBe(before);

  await page.getByTestId("promote-open").click();
  await page.getByTestId("promote-note").fill("e2e release");
  await page.getByTestId("promote-confirm").click();
  if (await page.getByTestId("promote-merge-warning").isVisible().catch(() => false)) await page.getByTestId("promote-confirm").click();
  // The page follows the prod deployment until it is live, with links to its builds.
  await expect(page.getByTestId("release-build").first()).toBeVisible();
  await expect(page.getByTestId("latest-release")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 120_000 });
  await expect.poll(async () => (await (await request.get(prodUrl)).json()).message, { timeout: 10_000 }).toBe(staged);

  const live = await page.context().newPage();
  await live.goto(prodUrl);
  await expect(live.locator("body")).toContainText(staged);
  await live.close();

  await page.getByTestId("rollback-open-restapi").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("config-changes").or(dialog.getByText("No configuration differences."))).toBeVisible();
  await page.getByTestId("rollback-mode-instant").check();
  await page.getByTestId("rollback-note").fill("e2e rollback");
  await page.getByTestId("rollback-confirm").click();
  await expect(prodRow.getByTestId("pinned")).toBeVisible();
  await expect.poll(async () => (await (await request.get(prodUrl)).json()).message, { timeout: 5_000 }).toBe(before);
  await expect(page.getByTestId("release-history-row").filter({ hasText: "e2e rollback" })).toBeVisible();
});

test("a reviewer sees what runs where but no promote or rollback buttons", async ({ page }) => {
  await login(page, "reviewer@example.com");
  await page.goto("/apps/workshop/release");
  await expect(page.getByTestId("release-service-restapi")).toBeVisible();
  await expect(page.getByTestId("promote-open")).toHaveCount(0);
  await expect(page.getByTestId("rollback-open-restapi")).toHaveCount(0);
});
