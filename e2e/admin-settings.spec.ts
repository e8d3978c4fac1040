import { expect, test, type Page } from "@playwright/test";
import { login } from "./support/login";

/** The demo seed's secret endpoint_api_key of profile-dev: it must never reach a browser. */
const DEV_SECRET = "dev-key-7f3a9c";
const QA_SECRET = `qa-secret-${Date.now()}`;

async function addParam(page: Page, table: string, key: string, value: string, secret = false) {
  await page.getByTestId(`${table}-add`).click();
  await page.getByTestId("param-key").fill(key);
  await page.getByTestId("param-value-input").fill(value);
  if (secret) await page.getByTestId("param-secret").check();
  await page.getByTestId("param-save").click();
  await expect(page.getByTestId(table).getByTestId(`param-row-${key}`)).toBeVisible();
}

async function whatWillStageSee(page: Page, stage: string) {
  await page.getByTestId("stage-view-input").fill(stage);
  await page.getByTestId("stage-view-submit").click();
  return page.getByTestId("stage-view-result");
}

test("an admin sets up profiles, parameters, stage mappings and the default profile", async ({ page }) => {
  // A long journey across three settings tabs: on a loaded machine it needs more than the default 90 s.
  test.setTimeout(180_000);
  await login(page, "admin@example.com");
  await page.getByRole("link", { name: "Profiles" }).click();
  await expect(page.getByTestId("profile-row-profile-dev")).toBeVisible();

  // A new profile; a bad name is refused next to the field.
  await page.getByTestId("profile-new").click();
  await page.getByTestId("profile-name").fill("profile qa");
  await page.getByTestId("profile-create").click();
  await expect(page.getByRole("alert").filter({ hasText: "starts with a letter" })).toBeVisible();
  await page.getByTestId("profile-name").fill("profile-qa");
  await page.getByTestId("profile-region").fill("eu-west-1");
  await page.getByTestId("profile-create").click();
  await expect(page.getByRole("heading", { level: 1, name: "profile-qa" })).toBeVisible();

  // Cloud access: a user ARN is not a role ARN; a role ARN is saved and the trust policy shows the external ID.
  await page.getByTestId("access-role-arn").fill("arn:aws:iam::123456789012:user/alice");
  await page.getByTestId("access-save").click();
  await expect(page.getByTestId("access-card").getByRole("alert")).toContainText("role ARN");
  await page.getByTestId("access-role-arn").fill("arn:aws:iam::123456789012:role/slipway-deployer");
  await page.getByTestId("access-save").click();
  const externalId = (await page.getByTestId("access-external-id").textContent())!;
  expect(externalId).toMatch(/^slipway-/);
  await expect(page.getByTestId("access-card")).toContainText(`"sts:ExternalId": "${externalId}"`);

  // Parameters: an invalid key is refused, then env, endpoint and a secret endpoint_api_key.
  await page.getByTestId("profile-params-add").click();
  await page.getByTestId("param-key").fill("1bad key");
  await page.getByTestId("param-value-input").fill("x");
  await page.getByTestId("param-save").click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("starts with a letter or _");
  await page.getByRole("button", { name: "Cancel" }).click();
  await addParam(page, "profile-params", "env", "qa");
  await addParam(page, "profile-params", "endpoint", "https://api.qa.example.com");
  await addParam(page, "profile-params", "endpoint_api_key", QA_SECRET, true);
  const secretRow = page.getByTestId("profile-params").getByTestId("param-row-endpoint_api_key");
  await expect(secretRow).toContainText("secret set");
  await expect(secretRow).not.toContainText(QA_SECRET);
  // Edit a value.
  await page.getByTestId("param-edit-endpoint").click();
  await page.getByTestId("param-value-input").fill("https://api.qa2.example.com");
  await page.getByTestId("param-save").click();
  await expect(page.getByTestId("param-row-endpoint")).toContainText("https://api.qa2.example.com");

  // A safeguard config of the wrong shape is refused.
  await page.getByTestId("safeguard-add").click();
  await page.getByTestId("safeguard-policy").selectOption("allowed-regions");
  await page.getByTestId("safeguard-config").fill('"us-east-1"');
  await page.getByTestId("safeguards-save").click();
  await expect(page.getByTestId("safeguards-card").getByRole("alert")).toContainText("allowed-regions");
  await page.getByTestId("safeguard-config").fill('["eu-west-1"]');
  await page.getByTestId("safeguards-save").click();
  await expect(page.getByText("Safeguards saved")).toBeVisible();

  // App settings: map stage qa, change the default profile.
  await page.goto("/apps/workshop");
  await page.getByTestId("app-settings-link").click();
  await expect(page.getByTestId("mapping-dev")).toBeVisible();
  await page.getByTestId("mapping-new-stage").fill("qa_1");
  await page.getByTestId("mapping-new-profile").selectOption({ label: "profile-qa" });
  await page.getByTestId("mapping-add").click();
  await expect(page.getByTestId("stages-card").getByRole("alert")).toContainText("letters, digits and hyphens");
  await page.getByTestId("mapping-new-stage").fill("qa");
  await page.getByTestId("mapping-add").click();
  await expect(page.getByTestId("mapping-qa")).toBeVisible();

  await page.getByTestId("default-profile").selectOption({ label: "profile-qa" });
  await page.getByTestId("stages-save").click();
  await expect(page.getByText("Stages and profiles saved")).toBeVisible();
  await page.goto("/apps/workshop/settings/parameters");
  let result = await whatWillStageSee(page, "alice");
  await expect(result.getByTestId("stage-view-profile")).toContainText("profile-qa");
  await expect(result.getByTestId("stage-view-param-env")).toContainText("qa");

  await page.goto("/apps/workshop/settings");
  await page.getByTestId("default-profile").selectOption({ label: "profile-dev" });
  await page.getByTestId("stages-save").click();
  await expect(page.getByTestId("stages-pending")).toHaveCount(0);
  await page.goto("/apps/workshop/settings/parameters");
  result = await whatWillStageSee(page, "alice");
  await expect(result.getByTestId("stage-view-profile")).toContainText("profile-dev");
  await expect(result.getByTestId("stage-view-profile")).toContainText("default profile");
  await expect(result.getByTestId("stage-view-param-env").getByTestId("stage-view-value")).toHaveText("dev");
  await expect(result.getByTestId("stage-view-param-endpoint")).toContainText("https://api.dev.example.com");
  const key = result.getByTestId("stage-view-param-endpoint_api_key");
  await expect(key).toContainText("secret");
  await expect(key).not.toContainText(DEV_SECRET);
  expect(await page.content()).not.toContain(DEV_SECRET);
  expect(await page.content()).not.toContain(QA_SECRET);

  // The audit log shows the changes, filterable by action.
  await page.goto("/settings/audit");
  await page.getByTestId("audit-action").selectOption("parameter.create");
  const row = page.getByTestId("audit-row").filter({ hasText: "endpoint_api_key" }).first();
  await expect(row).toContainText("[redacted]");
  // In words and field by field, not as raw JSON clipped off the table.
  await expect(row.getByTestId("audit-action-label")).toHaveText("Added a parameter");
  await expect(row.getByTestId("audit-change").filter({ hasText: /^key/ })).toContainText("endpoint_api_key");
  await expect(row.getByTestId("audit-changes")).not.toContainText('{"');
  expect(await page.content()).not.toContain(QA_SECRET);
});

test("a reviewer can change nothing and read no secret", async ({ page }) => {
  await login(page, "reviewer@example.com");
  await expect(page.getByRole("link", { name: "Profiles" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Members" })).toHaveCount(0);

  await page.goto("/apps/workshop");
  await expect(page.getByRole("heading", { level: 1, name: "workshop" })).toBeVisible();
  await expect(page.getByTestId("app-settings-link")).toHaveCount(0);
  await expect(page.getByTestId("deploy-branch-open")).toHaveCount(0);

  await page.goto("/settings/profiles");
  await expect(page.getByTestId("profiles-error")).toContainText("Your role cannot");
  await expect(page.getByTestId("profile-new")).toHaveCount(0);
  await page.goto("/apps/workshop/settings");
  await expect(page.getByTestId("app-settings-error")).toContainText("Your role cannot");
  await page.goto("/settings/members");
  await expect(page.getByTestId("members-error")).toContainText("Your role cannot");
  expect(await page.content()).not.toContain(DEV_SECRET);

  // Straight to the API with the reviewer's session: refused, and nothing changes.
  const res = await page.request.post("/api/trpc/stages.setDefaultProfile", { data: { json: { appSlug: "workshop", profileId: null } } });
  expect(res.status()).toBe(403);
  const read = await page.request.get(
    `/api/trpc/stages.resolve?input=${encodeURIComponent(JSON.stringify({ json: { appSlug: "workshop", stage: "alice" } }))}`,
  );
  expect(read.status()).toBe(403);
  expect(await read.text()).not.toContain(DEV_SECRET);
});

test("an admin generates the repository's webhook secret, shown once with the URLs to paste", async ({ page }) => {
  await login(page, "admin@example.com");
  await page.goto("/apps/workshop/settings");
  const card = page.getByTestId("webhook-card");
  await card.getByTestId("webhook-github-repo").fill("not a repo");
  await card.getByTestId("webhook-rotate").click();
  await expect(card.getByText("A GitHub repository looks like owner/name.")).toBeVisible();
  await card.getByTestId("webhook-github-repo").fill("acme/workshop");
  await card.getByTestId("webhook-rotate").click();
  const shown = card.getByTestId("webhook-secret");
  await expect(shown).toContainText("/api/webhooks/github");
  await expect(shown).toContainText("/api/webhooks/git?app=acme/workshop");
  const secret = (await shown.locator("pre").first().innerText()).trim();
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  await page.reload();
  expect(await page.content()).not.toContain(secret);
});
