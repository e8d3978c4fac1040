import { expect, test } from "@playwright/test";
import { login } from "./support/login";

/**
 * App settings split by concern: tabs with their own routes, one app-level pipeline (one edit and one
 * Save for a rule every service follows), one save behaviour, and a question before unsaved edits are lost.
 */
test("one branch rule for every service is one edit and one Save on the Pipeline tab", async ({ page }, testInfo) => {
  await login(page, "admin@example.com");
  await page.goto("/apps/workshop/settings");
  const tabs = page.getByRole("navigation", { name: "App settings" });
  for (const t of ["General", "Pipeline", "Parameters", "Protection", "Notifications", "Danger zone"])
    await expect(tabs.getByRole("link", { name: t })).toBeVisible();
  await tabs.getByRole("link", { name: "Pipeline" }).click();
  await expect(page).toHaveURL(/\/apps\/workshop\/settings\/pipeline$/);
  await expect(page).toHaveTitle("Pipeline settings · workshop · Slipway");

  const pipeline = page.getByTestId("app-pipeline");
  for (const s of ["database", "restapi", "tasks"]) await expect(pipeline.getByTestId(`app-pipeline-applies-${s}`)).toBeChecked();
  await pipeline.getByTestId("app-pipeline-rule-add").click();
  await pipeline.getByTestId("app-pipeline-rule-branch").last().fill("release");
  await pipeline.getByTestId("app-pipeline-rule-stage").last().fill("qa");
  await testInfo.attach("pipeline-tab", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  await pipeline.getByTestId("app-pipeline-save").click();
  await expect(page.getByText("Pipeline saved for database, restapi, tasks")).toBeVisible();

  // Every service now deploys release → qa; after a reload, too.
  await page.reload();
  for (const s of ["database", "restapi", "tasks"])
    await expect(page.getByTestId(`service-${s}`).getByTestId("service-pipeline-state")).toContainText(
      "Follows the app's pipeline: master → staging, prod → prod, release → qa",
    );

  // One service overrides: it keeps its own rules when the app's pipeline changes again.
  const tasks = page.getByTestId("service-tasks");
  await tasks.getByTestId("service-tasks-override").click();
  await tasks.getByRole("button", { name: "Remove the rule release → qa" }).click();
  await tasks.getByTestId("service-save").click();
  await expect(page.getByText("Saved tasks")).toBeVisible();
  await expect(page.getByTestId("service-tasks").getByTestId("service-pipeline-state")).toContainText(
    "Own pipeline: master → staging, prod → prod.",
  );
  await expect(pipeline.getByTestId("app-pipeline-applies-tasks")).not.toBeChecked();

  // Put the demo's pipeline back, in one Save, for all three.
  await pipeline.getByRole("button", { name: "Remove the rule release → qa" }).click();
  await pipeline.getByTestId("app-pipeline-applies-tasks").check();
  await pipeline.getByTestId("app-pipeline-save").click();
  await expect(page.getByText("Pipeline saved for database, restapi, tasks")).toBeVisible();
  for (const s of ["database", "restapi", "tasks"])
    await expect(page.getByTestId(`service-${s}`).getByTestId("service-pipeline-state")).toHaveText(
      "Follows the app's pipeline: master → staging, prod → prod.",
    );
});

test("the default profile waits for Save, and leaving with unsaved edits asks first", async ({ page }, testInfo) => {
  await login(page, "admin@example.com");
  await page.goto("/apps/workshop/settings");
  const card = page.getByTestId("stages-card");
  const before = await card.getByTestId("default-profile").inputValue();
  await card.getByTestId("default-profile").selectOption({ label: "profile-staging" });
  // Nothing saved yet: the card says what is pending.
  await expect(card.getByTestId("stages-pending")).toHaveText("Unsaved: default profile → profile-staging");
  await testInfo.attach("unsaved-default-profile", { body: await card.screenshot(), contentType: "image/png" });

  // Following a link asks; dismissing stays with the edit.
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole("navigation", { name: "App settings" }).getByRole("link", { name: "Pipeline" }).click();
  expect(asked).toBe("You have unsaved changes in Stages and profiles. Leave without saving?");
  await expect(page).toHaveURL(/\/settings$/);
  await expect(card.getByTestId("default-profile")).not.toHaveValue(before);

  // Closing or reloading the tab asks too (the browser's own beforeunload prompt).
  let unloadAsked = false;
  page.once("dialog", (d) => {
    unloadAsked = d.type() === "beforeunload";
    void d.dismiss();
  });
  await page.reload({ timeout: 3_000 }).catch(() => {});
  expect(unloadAsked).toBe(true);

  // Discard: nothing was saved.
  await card.getByTestId("stages-discard").click();
  await expect(card.getByTestId("default-profile")).toHaveValue(before);
  await page.reload();
  await expect(page.getByTestId("stages-card").getByTestId("default-profile")).toHaveValue(before);

  // Save applies it; then put it back.
  await page.getByTestId("default-profile").selectOption({ label: "profile-staging" });
  await page.getByTestId("stages-save").click();
  await expect(page.getByText("Stages and profiles saved")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("default-profile").locator("option:checked")).toHaveText("profile-staging");
  await page.getByTestId("default-profile").selectOption(before);
  await page.getByTestId("stages-save").click();
  await expect(page.getByTestId("stages-pending")).toHaveCount(0);
});
