import { expect, test } from "@playwright/test";
import { login } from "./support/login";

test("a reviewer submits the workshop's form on a preview, and the stage page shows it in dev's table", async ({ page }) => {
  test.setTimeout(240_000); // the demo deploys its preview while this test starts
  await login(page, "reviewer@example.com");
  await page.getByTestId("app-card-workshop").click();
  const preview = page.getByTestId("instance-feature-greeting-restapi");
  await expect(preview.getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  const href = (await preview.getByTestId("instance-link").getAttribute("href"))!;

  // The preview link in a browser: the workshop's form, posting with aws-sdk v2's DocumentClient.
  const form = await page.context().newPage();
  await form.goto(href);
  const email = `e2e-${Date.now()}@example.com`;
  await form.getByLabel("Name").fill("E2E Reviewer");
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Submit" }).click();
  await expect(form.getByTestId("stored")).toContainText("workshop-submissions-dev");

  // dev's stage page: the database service's table, its local name, and the item just stored.
  await page.goto("/apps/workshop/stages/dev");
  const table = page.getByTestId("stage-service-database").getByTestId("resource-SubmissionsTable");
  await expect(table.getByTestId("resource-name")).toHaveText("workshop-submissions-dev");
  await expect(table).toContainText("DeletionPolicy: Retain");
  await table.getByTestId("resource-toggle").click();
  await expect(table.getByTestId("resource-items")).toContainText(email);
});
