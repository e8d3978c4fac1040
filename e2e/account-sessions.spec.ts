import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, login } from "./support/login";

/** Changing a password ends the person's other sessions; the one that changed it stays signed in. */
const NEW_PASSWORD = "reviewers-brand-new-password";

async function changePassword(page: Page, from: string, to: string) {
  await page.goto("/settings/account");
  await page.getByTestId("password-current").fill(from);
  await page.getByTestId("password-new").fill(to);
  await page.getByTestId("password-save").click();
  await expect(page.getByText("Password changed")).toBeVisible();
}

test("a password change signs out the user's other browsers, not the one that changed it", async ({ browser }, testInfo) => {
  const here = await (await browser.newContext()).newPage();
  const elsewhere = await (await browser.newContext()).newPage();
  await login(here, "reviewer@example.com");
  await login(elsewhere, "reviewer@example.com");
  await changePassword(here, DEMO_PASSWORD, NEW_PASSWORD);
  try {
    // The other browser's session is over: its next page load lands on the sign-in page.
    await elsewhere.goto("/apps/workshop");
    await expect(elsewhere).toHaveURL(/\/login/);
    await testInfo.attach("other-session-ended", { body: await elsewhere.screenshot(), contentType: "image/png" });
    // Its API calls name no user any more.
    const api = await elsewhere.request.get(`/api/trpc/apps.list?input=${encodeURIComponent(JSON.stringify({ json: null }))}`);
    expect(api.status()).toBe(401);
    // This browser is still signed in.
    await here.goto("/apps/workshop");
    await expect(here.getByRole("heading", { level: 1, name: "workshop" })).toBeVisible();
    // The old password no longer works; the new one does.
    await elsewhere.goto("/login");
    await elsewhere.getByTestId("login-email").fill("reviewer@example.com");
    await elsewhere.getByTestId("login-password").fill(DEMO_PASSWORD);
    await elsewhere.getByTestId("login-submit").click();
    await expect(elsewhere.getByTestId("org-name")).toHaveCount(0);
    await login(elsewhere, "reviewer@example.com", NEW_PASSWORD);
  } finally {
    // The demo's password back, for the other specs.
    await changePassword(here, NEW_PASSWORD, DEMO_PASSWORD);
  }
});
