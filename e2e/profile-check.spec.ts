import { expect, test, type Page } from "@playwright/test";
import { login } from "./support/login";

/**
 * Profiles checked against the services that use them: a stage mapped to a profile that lacks the
 * `${param:}` keys its services' serverless.yml files reference is warned about on the mapping, in
 * "What will a stage see?" and on the stage page — before any deploy fails.
 */

async function createProfile(page: Page, name: string) {
  await page.goto("/settings/profiles");
  await page.getByTestId("profile-new").click();
  await page.getByTestId("profile-name").fill(name);
  await page.getByTestId("profile-region").fill("us-east-1");
  await page.getByTestId("profile-create").click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

async function mapStage(page: Page, stage: string, profile: string) {
  await page.goto("/apps/workshop/settings");
  await page.getByTestId("mapping-new-stage").fill(stage);
  await page.getByTestId("mapping-new-profile").selectOption({ label: profile });
  await page.getByTestId("mapping-add").click();
  await expect(page.getByTestId(`mapping-${stage}`)).toBeVisible();
}

test("a stage mapped to a profile without its services' parameters is warned about before the first deploy", async ({ page }, testInfo) => {
  await login(page, "admin@example.com");
  const profile = `profile-bare-${Date.now() % 100000}`;
  await createProfile(page, profile);
  await mapStage(page, "qa", profile);

  // The mapping row says what a deploy of qa would miss, per service.
  const warning = page.getByTestId("mapping-qa").getByTestId("param-warning-qa");
  await expect(warning).toContainText("restapi needs endpoint, endpoint_api_key, env");
  await expect(warning).toContainText("tasks needs endpoint, endpoint_api_key");
  await expect(page.getByTestId("mapping-dev").getByTestId("param-warning-dev")).toHaveCount(0);
  await testInfo.attach("mapping-warning", { body: await page.getByTestId("stages-card").screenshot(), contentType: "image/png" });

  // "What will a stage see?" lists each service's ${param:} with where it comes from — or missing.
  await page.getByRole("link", { name: "Parameters" }).click();
  await page.getByTestId("stage-view-input").fill("qa");
  await page.getByTestId("stage-view-submit").click();
  const check = page.getByTestId("stage-param-check");
  await expect(check.getByTestId("param-check-restapi-env")).toContainText("missing");
  await expect(check.getByTestId("param-check-restapi-env")).toContainText("provider.environment.APP_ENV");
  await expect(check.getByTestId("param-check-tasks-endpoint")).toContainText("missing");
  await expect(check.getByTestId("param-check-database")).toContainText("Uses no");
  // A stage mapped to a complete profile needs nothing.
  await page.getByTestId("stage-view-input").fill("staging");
  await page.getByTestId("stage-view-submit").click();
  await expect(page.getByTestId("stage-param-check").getByTestId("param-check-restapi-env")).toContainText("profile");
  await expect(page.getByTestId("param-warning-staging")).toHaveCount(0);

  // An app-stage override fills one gap: it is now "stage override", the rest still missing.
  await page.getByTestId("stage-params-stage").fill("qa");
  await page.getByTestId("stage-params-add").click();
  await page.getByTestId("param-key").fill("env");
  await page.getByTestId("param-value-input").fill("qa");
  await page.getByTestId("param-save").click();
  await expect(page.getByTestId("stage-params").getByTestId("param-row-env")).toBeVisible();
  await page.getByTestId("stage-view-input").fill("qa");
  await page.getByTestId("stage-view-submit").click();
  await expect(page.getByTestId("stage-param-check").getByTestId("param-check-restapi-env")).toContainText("stage override");
  await expect(page.getByTestId("stage-param-check").getByTestId("param-check-restapi-endpoint")).toContainText("missing");
  await testInfo.attach("what-will-qa-see", { body: await page.getByTestId("stage-view-card").screenshot(), contentType: "image/png" });

  // The stage page of a deployed stage warns too, once its profile lacks what its services use.
  await mapStage(page, "feature-greeting", profile);
  try {
    await page.goto("/apps/workshop/stages/feature-greeting");
    const banner = page.getByTestId("param-warning-feature-greeting");
    await expect(banner).toContainText("A deploy to feature-greeting would fail");
    await expect(banner).toContainText("restapi needs endpoint, endpoint_api_key, env");
    await testInfo.attach("stage-page-warning", { body: await page.screenshot(), contentType: "image/png" });
  } finally {
    await page.goto("/apps/workshop/settings");
    await page.getByTestId("mapping-remove-feature-greeting").click();
    await expect(page.getByTestId("mapping-feature-greeting")).toHaveCount(0);
  }
  await page.goto("/apps/workshop/stages/feature-greeting");
  await expect(page.getByTestId("stage-service-restapi")).toBeVisible();
  await expect(page.getByTestId("param-warning-feature-greeting")).toHaveCount(0);
});
