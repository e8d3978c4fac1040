import { expect, test } from "@playwright/test";
import { startSignedReceiver, type SignedReceiver } from "../scripts/test/notify-receivers";
import { login } from "./support/login";
import { pushChange } from "./support/workshop";

/**
 * An admin wires the app to their own endpoint: a signed webhook channel pointing at a receiver
 * this spec runs (it checks Slipway-Signature with the secret the page shows once), a test
 * delivery, then a real failing build whose build.failed event reaches the receiver and the log.
 */
let receiver: SignedReceiver;

test.beforeAll(async () => {
  receiver = await startSignedReceiver();
});

test.afterAll(async () => {
  await receiver?.close();
});

test("an admin adds a webhook channel, sends a test, and a failing build delivers build.failed", async ({ page }) => {
  test.setTimeout(240_000);
  await login(page, "admin@example.com");
  await page.goto("/apps/workshop/settings/notifications");
  const card = page.getByTestId("notifications-card");
  await card.getByTestId("channel-add").click();
  await card.getByTestId("channel-kind").selectOption("WEBHOOK");
  await card.getByTestId("channel-name").fill("ops hook");
  await card.getByTestId("channel-url").fill(receiver.url);
  await expect(card.getByTestId("channel-event-build.failed")).toBeChecked();
  await card.getByTestId("channel-service-database").check();
  await card.getByTestId("channel-save").click();

  const shown = card
    .getByTestId("channel-signing-secret")
    .locator("code")
    .filter({ hasText: /^whsec_/ });
  await expect(shown).toHaveText(/^whsec_[0-9a-f]{48}$/);
  receiver.setSecret((await shown.textContent())!.trim());
  await card.getByTestId("channel-secret-done").click();

  const channel = card.getByTestId("channel-ops hook");
  await expect(channel).toContainText("127.0.0.1");
  await expect(channel).not.toContainText("/hook");
  await channel.getByTestId("channel-test").click();
  const testRow = channel.locator("[data-testid='delivery-row'][data-event='test']");
  await expect(testRow).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(testRow.getByTestId("delivery-attempt")).toContainText("202");
  expect(receiver.accepted.map((r) => r.json.type)).toEqual(["test"]);

  // A push that breaks the database service's tests: its preview build fails at `test`.
  pushChange(
    "e2e-broken",
    "services/database/naming.js",
    (s) => s.replace("workshop-submissions-", "oops-"),
    "database: break the table name",
  );
  await expect
    .poll(() => receiver.accepted.find((r) => r.json.type === "build.failed")?.json ?? null, { timeout: 180_000 })
    .toMatchObject({
      type: "build.failed",
      app: "workshop",
      service: "database",
      stage: "e2e-broken",
      build: { status: "FAILED", failedStep: "test", branch: "e2e-broken" },
    });
  const failedRow = channel.locator("[data-testid='delivery-row'][data-event='build.failed']");
  await expect(failedRow).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 30_000 });
  await expect(failedRow).toContainText("failed");
});
