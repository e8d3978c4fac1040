import { expect, test } from "@playwright/test";
import { login } from "./support/login";

/**
 * A reviewer's page per preview (the page a pull request's comment links to): the preview links,
 * each service's build, its outputs and what the branch changed, on one page a reviewer may open.
 */
test("a reviewer opens the preview's review page: links, builds per service, outputs and what changed", async ({ page }, testInfo) => {
  await login(page, "reviewer@example.com");
  await page.goto("/apps/workshop/previews/feature-greeting");
  const review = page.getByTestId("preview-review");
  await expect(review.getByRole("heading", { level: 1, name: "Preview of feature/greeting" })).toBeVisible();
  await expect(page).toHaveTitle("Preview feature-greeting · workshop · Slipway");

  // The restapi service built and answers on its link.
  const restapi = page.getByTestId("preview-service-restapi");
  await expect(restapi.getByTestId("preview-service-link")).toBeVisible({ timeout: 120_000 });
  await expect(restapi.getByTestId("preview-build")).toContainText("Build #");
  await expect(restapi.getByTestId("preview-build")).toContainText("restapi: a friendlier greeting");
  await expect(restapi.getByRole("link", { name: /Build #\d+ of restapi/ })).toContainText("Succeeded");
  // Each service's outputs, as the preview published them.
  await expect(page.getByTestId("preview-service-database").getByTestId("preview-outputs")).toContainText(
    "workshop-submissions-feature-greeting",
  );
  await expect(page.getByTestId("preview-service-database")).toContainText("no files changed in its folder");

  // What changed: the branch's commit and the file it edited, against master.
  await expect(page.getByTestId("preview-commit").filter({ hasText: "restapi: a friendlier greeting" })).toHaveCount(1);
  await expect(page.getByTestId("preview-files")).toContainText("services/restapi/handler.js");
  await expect(restapi).toContainText("1 file changed in its folder");
  // The resolved configuration against the stage master deploys to.
  await expect(restapi.getByTestId("preview-config")).toContainText(/Configuration against staging \(\d+ differences?\)/);
  await testInfo.attach("review-page", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // "Visit restapi" opens the preview itself.
  const [tab] = await Promise.all([page.context().waitForEvent("page"), page.getByTestId("preview-link-restapi").click()]);
  await expect(tab.locator("body")).toContainText("friendlier greeting");
});

test("a stage that is not a preview says so on the review page, with a way back", async ({ page }) => {
  await login(page, "reviewer@example.com");
  await page.goto("/apps/workshop/previews/staging");
  const missing = page.getByTestId("preview-error");
  await expect(missing.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(missing).toContainText('Stage "staging" is not a preview');
});
