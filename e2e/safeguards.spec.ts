import { expect, test } from "@playwright/test";
import { login } from "./support/login";
import { pushChange } from "./support/workshop";

// An admin adds an ERROR safeguard to profile-staging in the profile editor; a developer pushes a
// change whose IAM statement allows every action; the build page shows the failing policy, and
// staging keeps serving what it served before.
test("an ERROR safeguard stops a developer's push before it reaches staging", async ({ browser, request }) => {
  // Two sign-ins, the demo's first staging deploy and a whole build: more than the default 90 s on a busy machine.
  test.setTimeout(240_000);
  const admin = await (await browser.newContext()).newPage();
  await login(admin, "admin@example.com");
  await admin.goto("/apps/workshop");
  const stagingLink = admin.getByTestId("instance-staging-restapi").getByTestId("instance-link");
  await expect(stagingLink).toBeVisible({ timeout: 120_000 });
  const stagingUrl = (await stagingLink.getAttribute("href"))!;
  const before = await (await request.get(stagingUrl)).json();
  expect(before.env).toBe("staging");

  await admin.goto("/settings/profiles");
  await admin.getByTestId("profile-row-profile-staging").getByRole("link").first().click();
  await admin.getByTestId("safeguard-add").click();
  const row = admin.getByTestId("safeguards-card").getByTestId("safeguard-policy").last();
  await row.selectOption("no-wild-iam-role-statements");
  await admin.getByTestId("safeguards-save").click();
  await expect(admin.getByText("Safeguards saved")).toBeVisible();

  const dev = await (await browser.newContext()).newPage();
  await login(dev, "dev@example.com");
  pushChange(
    "master",
    "services/restapi/serverless.yml",
    (s) =>
      s
        .replace("APP_ENV: ${param:env}", "APP_ENV: wild-${param:env}")
        .replace("  environment:\n", "  iamRoleStatements:\n    - Effect: Allow\n      Action: '*'\n      Resource: '*'\n  environment:\n"),
    "restapi: let it do anything",
  );
  await dev.getByTestId("app-card-workshop").click();
  const buildRow = dev.getByTestId("build-row").filter({ hasText: "restapi: let it do anything" }).first();
  await expect(buildRow).toBeVisible({ timeout: 30_000 });
  await buildRow.getByRole("link").first().click();

  await expect(dev.getByTestId("build-status")).toHaveAttribute("data-status", "FAILED", { timeout: 90_000 });
  await expect(dev.getByTestId("step-safeguards")).toHaveAttribute("data-status", "FAILED");
  await expect(dev.getByTestId("step-deploy")).toHaveAttribute("data-status", "SKIPPED");
  await expect(dev.getByTestId("build-failure")).toContainText(
    'safeguards failed: no-wild-iam-role-statements: provider.iamRoleStatements[0].Action is "*"',
  );
  const check = dev.getByTestId("safeguard-check-no-wild-iam-role-statements");
  await expect(check).toHaveAttribute("data-verdict", "fail");
  await expect(check).toContainText("failed (error)");

  // Nothing was deployed: staging answers as before.
  const after = await (await request.get(stagingUrl)).json();
  expect({ message: after.message, env: after.env, table: after.table }).toEqual({
    message: before.message,
    env: "staging",
    table: before.table,
  });
});
