import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { login } from "./support/login";
import { pushChange, WORKSHOP_REMOTE } from "./support/workshop";

test("a reviewer opens the pull request's preview link and gets the function's response", async ({ page }) => {
  await login(page, "reviewer@example.com");
  await page.getByTestId("app-card-workshop").click();
  const preview = page.getByTestId("instance-feature-greeting-restapi");
  await expect(preview.getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("stage-feature-greeting")).toContainText("preview of feature/greeting");
  // Reviewers get no deploy button.
  await expect(page.getByTestId("deploy-branch-open")).toHaveCount(0);

  const [tab] = await Promise.all([page.context().waitForEvent("page"), preview.getByTestId("instance-link").click()]);
  await expect(tab.locator("body")).toContainText("friendlier greeting");
  // A preview stage uses the default profile: ${param:env} is dev, and it reads the dev database's outputs.
  // A browser gets the workshop's form page; API clients get JSON.
  await expect(tab.locator("body")).toContainText("Environment dev");
  await expect(tab.locator("body")).toContainText("workshop-submissions-dev");
});

test("a pushed branch gets a preview stage, and deleting the branch destroys it", async ({ page, request }) => {
  await login(page, "dev@example.com");
  await page.getByTestId("app-card-workshop").click();
  pushChange(
    "feature/e2e-preview",
    "services/restapi/handler.js",
    (s) => s.replace(/const GREETING = ".*";/, 'const GREETING = "Hello from restapi, e2e preview";'),
    "restapi: preview greeting",
  );
  const link = page.getByTestId("instance-feature-e2e-preview-restapi").getByTestId("instance-link");
  await expect(link).toBeVisible({ timeout: 90_000 });
  const href = (await link.getAttribute("href"))!;
  expect((await (await request.get(href)).json()).message).toBe("Hello from restapi, e2e preview");

  execFileSync("git", ["--git-dir", WORKSHOP_REMOTE, "branch", "-D", "feature/e2e-preview"]);
  await expect(page.getByTestId("stage-feature-e2e-preview")).toHaveCount(0, { timeout: 60_000 });
  expect((await request.get(href)).status()).toBe(404);
});
