import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "slipway-demo";

/** Signs in through the real login form and waits for the apps page. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  // The first sign-in of a run also loads the routes cold: allow a loaded machine its time.
  await expect(page.getByTestId("org-name")).toBeVisible({ timeout: 60_000 });
}
