import { expect, test } from "@playwright/test";
import { login } from "./support/login";

/** The Deploy-branch dialog says which commit goes where before the click; commit SHAs link to the repository's web UI. */
test("the Deploy-branch dialog shows each branch's head commit and the stage it deploys to", async ({ page }, testInfo) => {
  await login(page, "dev@example.com");
  await page.goto("/apps/workshop");
  await page.getByTestId("deploy-branch-open").click();
  const dialog = page.getByRole("dialog", { name: "Deploy a branch" });
  // Every control has a label.
  const select = dialog.getByLabel("Branch");
  await expect(select).toBeVisible();

  await select.selectOption("master");
  await expect(dialog.getByTestId("deploy-branch-head")).toContainText(/[0-9a-f]{7}/);
  await expect(dialog.getByTestId("deploy-branch-target-staging")).toContainText("database, restapi, tasks");
  await expect(dialog.getByRole("button", { name: "Deploy master to staging" })).toBeEnabled();

  await select.selectOption("feature/greeting");
  await expect(dialog.getByTestId("deploy-branch-head")).toContainText("restapi: a friendlier greeting");
  await expect(dialog.getByTestId("deploy-branch-target-feature-greeting")).toContainText("(preview)");
  await expect(dialog.getByRole("button", { name: "Deploy feature/greeting to feature-greeting" })).toBeVisible();
  await testInfo.attach("deploy-dialog", { body: await dialog.screenshot(), contentType: "image/png" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
});

test("commit SHAs link to the repository's web page once the app names its GitHub repository", async ({ page }, testInfo) => {
  await login(page, "admin@example.com");
  // The demo repository is a local path, which has no web UI: the GitHub repository named for webhooks has one.
  await page.goto("/apps/workshop");
  await page.getByTestId("build-row").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Build");
  const buildUrl = page.url();

  // Linking the app's GitHub repository (General → webhooks) gives every SHA its commit page.
  await page.goto("/apps/workshop/settings");
  const card = page.getByTestId("webhook-card");
  await card.getByTestId("webhook-github-repo").fill("acme/workshop");
  await card.getByTestId("webhook-rotate").click();
  await expect(card.getByTestId("webhook-secret")).toBeVisible();
  await page.goto(buildUrl);
  const link = page.getByTestId("commit-link").first();
  await expect(link).toHaveAttribute("href", /^https:\/\/github\.com\/acme\/workshop\/commit\/[0-9a-f]{40}$/);
  await expect(link).toHaveAttribute("target", "_blank");
  await testInfo.attach("build-commit-link", { body: await page.screenshot(), contentType: "image/png" });
  await page.goto("/apps/workshop/previews/feature-greeting");
  await expect(page.getByTestId("preview-commit").first().getByTestId("commit-link")).toHaveAttribute(
    "href",
    /^https:\/\/github\.com\/acme\/workshop\/commit\//,
  );
});
