import { expect, test, type Page } from "@playwright/test";
import { login } from "./support/login";

const COMMIT_PAGE = /^https:\/\/github\.com\/acme\/workshop\/commit\/[0-9a-f]{40}$/;

/** The demo repository is a local path (no web UI): naming the app's GitHub repository gives its SHAs a web page. */
async function linkGitHubRepository(page: Page) {
  await page.goto("/apps/workshop/settings");
  const card = page.getByTestId("webhook-card");
  await card.getByTestId("webhook-github-repo").fill("acme/workshop");
  await card.getByTestId("webhook-rotate").click();
  await expect(card.getByTestId("webhook-secret")).toBeVisible();
}

/** A short SHA that opens the commit's page on GitHub in a new tab. */
async function expectCommitLink(link: ReturnType<Page["getByTestId"]>) {
  await expect(link).toHaveAttribute("href", COMMIT_PAGE);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(link).toHaveText(/^[0-9a-f]{7}$/);
  const href = (await link.getAttribute("href"))!;
  // The visible short SHA is the start of the commit the link opens.
  expect(
    href
      .split("/")
      .pop()!
      .startsWith((await link.textContent())!),
  ).toBe(true);
}

test("commit SHAs on the app, stage and release pages link to the commit on GitHub", async ({ page }, testInfo) => {
  await login(page, "admin@example.com");
  await linkGitHubRepository(page);

  // App overview: the staging card's live commit, and the Recent builds rows.
  await page.goto("/apps/workshop");
  await expectCommitLink(page.getByTestId("stage-staging").getByTestId("commit-link").first());
  await expectCommitLink(page.getByTestId("build-row").getByTestId("commit-link").first());
  await testInfo.attach("app-overview-commit-links", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // Stage page: each service's deployed commit.
  await page.goto("/apps/workshop/stages/staging");
  await expectCommitLink(page.getByTestId("stage-service-restapi").getByTestId("commit-link").first());

  // Release page: the prod branch head in the header and each instance's serving commit.
  await page.goto("/apps/workshop/release");
  await expectCommitLink(page.getByTestId("release-branches").getByTestId("commit-link").first());
  await expectCommitLink(page.getByTestId("instance-commit").getByTestId("commit-link").first());
  await testInfo.attach("release-commit-links", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });

  // Following one opens GitHub in a new tab; the dashboard stays where it was.
  const link = page.getByTestId("instance-commit").getByTestId("commit-link").first();
  await expect(link).toHaveAttribute("rel", /noopener/);
  await expect(page).toHaveURL(/\/apps\/workshop\/release$/);
});

test("a preview's card on the app page and its stage page link to the reviewer page", async ({ page }, testInfo) => {
  await login(page, "reviewer@example.com");
  await page.goto("/apps/workshop");
  // Other specs add previews; the search finds this one whatever page it is on.
  await page.getByTestId("preview-search").fill("feature/greeting");
  const card = page.getByTestId("stage-feature-greeting");
  const review = card.getByRole("link", { name: "Review" });
  await expect(review).toBeVisible();
  await testInfo.attach("preview-card-review-link", { body: await card.screenshot(), contentType: "image/png" });
  await review.click();
  await expect(page).toHaveURL(/\/apps\/workshop\/previews\/feature-greeting$/);
  await expect(page.getByRole("heading", { level: 1, name: "Preview of feature/greeting" })).toBeVisible();

  // The preview's stage page offers the same way to its reviewer page.
  await page.goto("/apps/workshop/stages/feature-greeting");
  await page.getByRole("link", { name: "Review" }).click();
  await expect(page).toHaveURL(/\/apps\/workshop\/previews\/feature-greeting$/);
  await expect(page.getByTestId("preview-review")).toBeVisible();

  // A stage that is not a preview has no reviewer page, and no link to one.
  await page.goto("/apps/workshop/stages/staging");
  await expect(page.getByRole("heading", { level: 1, name: "staging" })).toBeVisible();
  await expect(page.getByTestId("preview-review-link")).toHaveCount(0);
});

test("a profile edit nobody saved is asked about before it is lost, and kept when the person stays", async ({ page }, testInfo) => {
  await login(page, "admin@example.com");
  await page.goto("/settings/profiles");
  await page.getByTestId("profile-row-profile-staging").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/settings\/profiles\/[^/]+$/);
  await expect(page.getByTestId("profile-edit-description")).toBeVisible();
  const profileUrl = page.url();

  // A parameter being edited: Escape (or a click outside the dialog) asks, and staying keeps the typed value.
  await page
    .getByTestId("profile-params")
    .getByRole("button", { name: /^Edit / })
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  const value = dialog.getByTestId("param-value-input");
  await value.fill("edited-not-saved");
  const asked: string[] = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.keyboard.press("Escape");
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toMatch(/^Discard your unsaved changes to parameter \S+\?$/);
  await expect(dialog).toBeVisible();
  await expect(value).toHaveValue("edited-not-saved");
  await testInfo.attach("parameter-kept", { body: await page.screenshot(), contentType: "image/png" });

  // Closing the tab with the edit open asks too (the browser's own prompt).
  const unload: string[] = [];
  page.once("dialog", (d) => {
    unload.push(d.type());
    void d.dismiss();
  });
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => unload).toEqual(["beforeunload"]);
  expect(page.isClosed()).toBe(false);
  await expect(value).toHaveValue("edited-not-saved");

  // Cancel is a decision: it closes without asking, and nothing was saved.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("profile-params")).not.toContainText("edited-not-saved");

  // A field of the form, then a link elsewhere in the app: asked, and staying keeps page and edit.
  const description = page.getByTestId("profile-edit-description");
  const before = await description.inputValue();
  await description.fill(`${before} (draft)`);
  const question: string[] = [];
  page.once("dialog", (d) => {
    question.push(d.message());
    void d.dismiss();
  });
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Profiles" }).click();
  await expect.poll(() => question).toEqual(["You have unsaved changes in General. Leave without saving?"]);
  await expect(page).toHaveURL(profileUrl);
  await expect(description).toHaveValue(`${before} (draft)`);

  // Leaving on purpose goes, and the draft was never saved.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Profiles" }).click();
  await expect(page).toHaveURL(/\/settings\/profiles$/);
  await page.goto(profileUrl);
  await expect(page.getByTestId("profile-edit-description")).toHaveValue(before);
});

test("the profile editor fits a 390-pixel phone: its parameter table scrolls inside its card", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, "admin@example.com");
  await page.goto("/settings/profiles");
  await page.getByTestId("profile-row-profile-staging").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/settings\/profiles\/[^/]+$/);
  await expect(page.getByTestId("profile-params").getByRole("table")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await testInfo.attach("profile-phone", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
});
