import { execFileSync } from "node:child_process";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { login } from "./support/login";
import { pushChange, WORKSHOP_REMOTE } from "./support/workshop";

// The demo leaves staging one change ahead of prod (see scripts/demo). These journeys run in order
// on one demo: what the promote dialog says, then promote → instant rollback → the rolled-back state
// on every page → "make it permanent", then rollback → a push that waits → "undo rollback".
test.describe.configure({ mode: "serial" });

const short = (sha: string) => sha.slice(0, 7);
const prodBranchHead = () =>
  execFileSync("git", ["--git-dir", WORKSHOP_REMOTE, "rev-parse", "refs/heads/prod"], { encoding: "utf8" }).trim();

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, {
    body: await page.screenshot({ fullPage: true, path: testInfo.outputPath(`${name}.png`) }),
    contentType: "image/png",
  });
}

let prodUrl = "";
const served = async (request: import("@playwright/test").APIRequestContext) =>
  (await (await request.get(prodUrl)).json()).message as string;

test("the promote dialog lists the services, commits, configuration changes and prod's rules before the button", async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  // An admin puts a safeguard on prod's profile: the dialog must say it applies.
  const admin = await (await browser.newContext()).newPage();
  await login(admin, "admin@example.com");
  await admin.goto("/settings/profiles");
  await admin.getByTestId("profile-row-profile-prod").getByRole("link").first().click();
  await admin.getByTestId("safeguard-add").click();
  await admin.getByTestId("safeguards-card").getByTestId("safeguard-policy").last().selectOption("no-wild-iam-role-statements");
  await admin.getByTestId("safeguards-save").click();
  await expect(admin.getByText("Safeguards saved")).toBeVisible();
  await admin.context().close();

  const page = await (await browser.newContext()).newPage();
  await login(page, "po@example.com");
  await page.goto("/apps/workshop/release");
  await expect(page.getByTestId("release-instance-staging-restapi").getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("pending-restapi").locator("li").first()).toBeVisible({ timeout: 60_000 });
  const pending = (await page.getByTestId("pending-restapi").locator("li").first().textContent())!;
  await page.getByTestId("promote-open").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("promote-service-restapi")).toBeVisible();
  await expect(dialog.getByTestId("promote-service-restapi")).toContainText("→");
  // The staged commit with its author, inside the dialog.
  const commit = dialog.getByTestId("promote-commit").filter({ hasText: pending.slice(0, 7) });
  await expect(commit).toBeVisible();
  // Its author: the demo's or, when an earlier spec pushed to master, the e2e helper's.
  await expect(commit).toContainText(/ · (Ada Developer|E2E Dev)$/);
  // Only the services whose folder the commits change deploy; the others are named as staying.
  await expect(dialog.getByTestId("promote-staying")).toContainText("database (no change in its folder)");
  await expect(dialog.getByTestId("promote-service-database")).toHaveCount(0);
  await expect(dialog.getByTestId("promote-config-restapi")).toContainText(/serverless\.yml|parameters/);
  await expect(dialog.getByTestId("promote-rule-safeguards")).toContainText("no-wild-iam-role-statements (blocks)");
  await expect(dialog.getByTestId("promote-rule-safeguards")).toContainText("profile-prod");
  // All of it comes before the button.
  const rulesBox = (await dialog.getByTestId("promote-rules").boundingBox())!;
  const buttonBox = (await dialog.getByTestId("promote-confirm").boundingBox())!;
  expect(rulesBox.y).toBeLessThan(buttonBox.y);
  await shot(page, testInfo, "promote-dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.context().close();
});

test("promote → instant rollback → the rolled-back state on every page → make it permanent: the prod branch and what serves agree", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(300_000);
  await login(page, "po@example.com");
  await page.goto("/apps/workshop");
  await page.getByTestId("app-release-link").click();
  const prodRow = page.getByTestId("release-instance-prod-restapi");
  const stagingRow = page.getByTestId("release-instance-staging-restapi");
  await expect(prodRow.getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  await expect(stagingRow.getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });
  prodUrl = (await prodRow.getByTestId("instance-link").getAttribute("href"))!;
  const stagingUrl = (await stagingRow.getByTestId("instance-link").getAttribute("href"))!;
  const before = await served(request);
  const staged = (await (await request.get(stagingUrl)).json()).message as string;
  expect(staged).not.toBe(before);

  const beforeSha = prodBranchHead();
  await page.getByTestId("promote-open").click();
  await page.getByTestId("promote-note").fill("e2e release");
  await page.getByTestId("promote-confirm").click();
  if (
    await page
      .getByTestId("promote-merge-warning")
      .isVisible()
      .catch(() => false)
  )
    await page.getByTestId("promote-confirm").click();
  // The dialog closes into the queued release, whose worker job's lines arrive live.
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const progress = page.getByTestId("latest-release").getByTestId("release-log");
  await expect(progress).toContainText("Promotion started by the worker", { timeout: 30_000 });
  await expect(progress).toContainText(/Pushed: prod is at [0-9a-f]{7}/, { timeout: 60_000 });
  await expect(page.getByTestId("release-build").first()).toBeVisible();
  await expect(page.getByTestId("latest-release")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 120_000 });
  await expect.poll(() => served(request), { timeout: 10_000 }).toBe(staged);
  const promoted = prodBranchHead();
  await expect(progress).toContainText(`Pushed: prod is at ${short(promoted)}`);
  await expect(prodRow.getByTestId("instance-commit")).toContainText(short(promoted));

  // Instant rollback to what prod ran before.
  await page.getByTestId("rollback-open-restapi").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("config-changes").or(dialog.getByText("No configuration differences."))).toBeVisible();
  // The target offered first is the newest earlier deployment of another commit: what prod ran before.
  await expect(page.getByTestId("rollback-target").locator("option:checked")).toContainText(short(beforeSha));
  await page.getByTestId("rollback-mode-instant").check();
  await page.getByTestId("rollback-note").fill("e2e rollback");
  await page.getByTestId("rollback-confirm").click();
  await expect.poll(() => served(request), { timeout: 5_000 }).toBe(before);
  // The badge and the commit come from one answer of the page's query.
  await expect(prodRow.getByTestId("pinned")).toBeVisible();
  const pinnedSha = ((await prodRow.getByTestId("instance-commit").locator("code").first().textContent()) ?? "").trim();
  expect(pinnedSha).not.toBe(short(promoted));

  // Release page: one story in the header, the row and the notice.
  await expect(page.getByTestId("release-pinned-header")).toContainText(`serves ${pinnedSha} (rolled back from ${short(promoted)})`);
  await expect(page.getByTestId("release-pinned-header")).toContainText(`branch is at ${short(promoted)}`);
  await expect(prodRow.getByTestId("pinned")).toContainText(`rolled back from ${short(promoted)} by Pat Product`);
  const notice = page.getByTestId("release-service-restapi").getByTestId("pinned-restapi");
  await expect(notice).toContainText(`prod serves ${pinnedSha} (rolled back from ${short(promoted)}) by Pat Product`);
  // "Roll back" no longer offers the commit just rolled back from, nor the backwards revert advice.
  const further = page.getByTestId("rollback-open-restapi");
  if (await further.isVisible()) {
    await expect(further).toHaveText(/Roll back further/);
    await further.click();
    await expect(
      page
        .getByTestId("rollback-target")
        .locator("option")
        .filter({ hasText: short(promoted) }),
    ).toHaveCount(0);
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  }
  await expect(page.getByText("use the instant rollback to redeploy it")).toHaveCount(0);
  await shot(page, testInfo, "release-page-rolled-back");

  // App page: the stage card, which branch feeds it, and Recent builds.
  await page.goto("/apps/workshop");
  const card = page.getByTestId("instance-prod-restapi");
  await expect(card.getByTestId("instance-pinned")).toContainText(`rolled back from ${short(promoted)}`);
  await expect(page.getByTestId("stage-prod").getByTestId("stage-feed")).toContainText("prod ← prod");
  await expect(page.getByTestId("stage-staging").getByTestId("stage-feed")).toContainText("staging ← master");
  const rollbackRow = page.getByTestId("rollback-row").filter({ hasText: "e2e rollback" }).first();
  await expect(rollbackRow).toHaveAttribute("data-kind", "ROLLBACK_INSTANT");
  await expect(rollbackRow).toContainText(`${short(promoted)} → ${pinnedSha}`);
  await expect(rollbackRow.getByTestId("rollback-actor")).toHaveText("Pat Product");
  const promotedRow = page
    .getByTestId("build-row")
    .filter({ hasText: "restapi → prod" })
    .filter({ hasText: short(promoted) })
    .first();
  await expect(promotedRow).toHaveAttribute("data-mark", "rolled-back");
  await expect(promotedRow.getByTestId("build-mark")).toHaveText("rolled back");
  // The build that serves may be older than the first page of builds: filter to prod, as a user looking for it would.
  await page.getByTestId("builds-filter-service").selectOption("restapi");
  await page.getByTestId("builds-filter-stage").fill("prod");
  const servingRow = page.getByTestId("build-row").filter({ hasText: "restapi → prod" }).filter({ hasText: pinnedSha }).first();
  await expect(servingRow).toHaveAttribute("data-mark", "serving");
  await shot(page, testInfo, "app-page-rolled-back");

  // Stage page: the same notice, with the ways out.
  await page.goto("/apps/workshop/stages/prod");
  const stageNotice = page.getByTestId("stage-service-restapi").getByTestId("pinned-restapi");
  await expect(stageNotice).toContainText(`prod serves ${pinnedSha} (rolled back from ${short(promoted)}) by Pat Product`);
  await expect(page.getByTestId("stage-feed")).toContainText("prod ← prod");
  await shot(page, testInfo, "stage-page-rolled-back");

  // Make it permanent: the dialog lists the commit it reverts, then the branch gets the revert and prod deploys it.
  await stageNotice.getByTestId("make-permanent-restapi").click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm.getByTestId("make-permanent-commits")).toContainText(short(promoted));
  await shot(page, testInfo, "make-permanent-dialog");
  await confirm.getByRole("button", { name: "Push revert and deploy" }).click();
  // It closes into the release page, following the job live.
  await expect(page).toHaveURL(/\/apps\/workshop\/release$/);
  await expect(page.getByTestId("latest-release").getByTestId("release-log")).toContainText(
    "Making the rollback permanent started by the worker",
    {
      timeout: 30_000,
    },
  );
  await expect.poll(() => prodBranchHead(), { timeout: 20_000 }).not.toBe(promoted);
  const revert = prodBranchHead();
  await expect(page.getByTestId("latest-release").getByTestId("release-log")).toContainText(`Pushed: prod is at ${short(revert)}`);
  await page.goto("/apps/workshop/release");
  await expect(page.getByTestId("latest-release")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 120_000 });
  await expect(page.getByTestId("latest-release-status")).toContainText("rollback made permanent");
  await expect(page.getByTestId("release-pinned-header")).toHaveCount(0);
  await expect(page.getByTestId("release-branches")).toContainText(`prod follows prod at ${short(revert)}`);
  await expect(prodRow.getByTestId("instance-commit")).toContainText(short(revert));
  await expect(prodRow.getByTestId("pinned")).toHaveCount(0);
  expect(await served(request)).toBe(before);
  await page.goto("/apps/workshop");
  await expect(page.getByTestId("instance-prod-restapi").getByTestId("instance-pinned")).toHaveCount(0);
  await expect(page.getByTestId("rollback-row").filter({ hasText: "rollback made permanent" }).first()).toBeVisible();
  await shot(page, testInfo, "app-page-permanent");
});

test("rollback → a push to prod waits → undo rollback: the newest deployment serves again, then the push deploys", async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(300_000);
  expect(prodUrl).not.toBe("");
  await login(page, "po@example.com");
  await page.goto("/apps/workshop/release");
  const prodRow = page.getByTestId("release-instance-prod-restapi");
  const newest = await served(request);
  await page.getByTestId("rollback-open-restapi").click();
  await page.getByTestId("rollback-mode-instant").check();
  await page.getByTestId("rollback-note").fill("e2e second rollback");
  await page.getByTestId("rollback-confirm").click();
  await expect(prodRow.getByTestId("pinned")).toBeVisible();
  await expect.poll(() => served(request), { timeout: 5_000 }).not.toBe(newest);
  const rolledBack = await served(request);

  // A developer pushes to prod: the build is held, prod keeps serving the rolled-back version.
  const hotfix = pushChange(
    "prod",
    "services/restapi/handler.js",
    (s) => s.replace(/const GREETING = ".*";/, 'const GREETING = "Hello from restapi, prod hotfix";'),
    "restapi: prod hotfix while rolled back",
  );
  const notice = page.getByTestId("release-service-restapi").getByTestId("pinned-restapi");
  await expect(notice.getByTestId("pinned-held")).toContainText(short(hotfix), { timeout: 30_000 });
  await page.waitForTimeout(3_000);
  expect(await served(request)).toBe(rolledBack);
  await shot(page, testInfo, "release-page-push-waits");
  await page.goto("/apps/workshop");
  const heldRow = page
    .getByTestId("build-row")
    .filter({ hasText: "restapi → prod" })
    .filter({ hasText: short(hotfix) })
    .first();
  await expect(heldRow).toHaveAttribute("data-mark", "held");
  await expect(page.getByTestId("instance-prod-restapi").getByTestId("instance-pinned")).toContainText("1 push waiting");
  await heldRow.getByRole("link").first().click();
  await expect(page.getByTestId("build-held-pinned")).toBeVisible();
  await expect(page.getByTestId("build-deploy-anyway")).toBeVisible();
  await shot(page, testInfo, "build-page-held");

  // Undo: the newest deployment serves again at once, and the push that waited goes ahead.
  await page.goto("/apps/workshop/release");
  await page.getByTestId("release-service-restapi").getByTestId("undo-rollback-restapi").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Switch to the newest deployment" }).click();
  await expect.poll(() => served(request), { timeout: 5_000 }).toBe(newest);
  await expect(prodRow.getByTestId("pinned")).toHaveCount(0);
  await expect.poll(() => served(request), { timeout: 120_000 }).toBe("Hello from restapi, prod hotfix");
  await page.goto("/apps/workshop");
  await expect(page.getByTestId("rollback-row").filter({ hasText: "rollback undone" }).first()).toBeVisible();
  await expect(page.getByTestId("instance-prod-restapi")).toContainText(short(hotfix));
  await shot(page, testInfo, "app-page-after-undo");
});

test("a reviewer sees what runs where but no promote or rollback buttons", async ({ page }) => {
  await login(page, "reviewer@example.com");
  await page.goto("/apps/workshop/release");
  await expect(page.getByTestId("release-service-restapi")).toBeVisible();
  await expect(page.getByTestId("promote-open")).toHaveCount(0);
  await expect(page.getByTestId("rollback-open-restapi")).toHaveCount(0);
});
