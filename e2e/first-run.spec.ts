import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/empty-install";

/**
 * A fresh install, from an empty database, in the browser only: the login page points to setup; the
 * setup token (from the file the web process wrote, and printed in its log) creates the first admin and
 * the organisation; the admin invites a developer, who accepts the link and is signed in; passwords are
 * changed and reset; the setup page is gone for good.
 */
test.describe.configure({ mode: "serial" });

const ADMIN = { name: "Ann Admin", email: "ann@team.example", password: "anns-long-password" };
const DEV = { name: "Dev Eloper", email: "dev@team.example", password: "devs-long-password" };

async function freshPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("org-name")).toBeVisible();
}

test("an admin sets up a new install with the setup token and invites a developer, who joins", async ({ browser, install }) => {
  const started = Date.now();
  const admin = await freshPage(browser, install.url);
  await admin.goto("/");
  await expect(admin).toHaveURL(/\/login/);
  await admin.getByTestId("login-needs-setup").getByRole("link", { name: "Set up Slipway" }).click();
  await expect(admin).toHaveURL(/\/setup$/);

  const token = await install.setupToken();
  expect(install.log()).toContain(`setup token: ${token}`);

  await admin.getByTestId("setup-token").fill("not-the-token");
  await admin.getByTestId("setup-name").fill(ADMIN.name);
  await admin.getByTestId("setup-email").fill(ADMIN.email);
  await admin.getByTestId("setup-password").fill(ADMIN.password);
  await admin.getByTestId("setup-org-name").fill("Team Rocket");
  await expect(admin.getByTestId("setup-org-slug")).toHaveValue("team-rocket");
  await admin.getByTestId("setup-submit").click();
  await expect(admin.getByRole("alert").filter({ hasText: "setup token is not right" })).toBeVisible();

  await admin.getByTestId("setup-token").fill(token);
  await admin.getByTestId("setup-submit").click();
  await expect(admin.getByTestId("org-name")).toHaveText("Team Rocket");

  // The setup page is gone: a stranger lands on the sign-in page, which no longer mentions setup.
  const stranger = await freshPage(browser, install.url);
  await stranger.goto("/setup");
  await expect(stranger).toHaveURL(/\/login/);
  await expect(stranger.getByTestId("login-submit")).toBeVisible();
  await expect(stranger.getByTestId("login-needs-setup")).toHaveCount(0);

  // Invite a developer by link.
  await admin.getByRole("link", { name: "Members" }).click();
  await expect(admin.getByTestId(`member-${ADMIN.email}`)).toBeVisible();
  await admin.getByTestId("invite-open").click();
  await admin.getByTestId("invite-email").fill(DEV.email);
  await admin.getByTestId("invite-role").selectOption("DEVELOPER");
  await admin.getByTestId("invite-create").click();
  const link = (await admin.getByTestId("invite-link").textContent())!;
  expect(link).toMatch(new RegExp(`^${install.url}/invite#`));
  await admin.getByTestId("invite-done").click();
  await expect(admin.getByTestId(`invite-${DEV.email}`)).toBeVisible();

  // The developer opens it in their own browser, chooses name and password, and is signed in.
  const dev = await freshPage(browser, install.url);
  await dev.goto(link);
  await expect(dev.getByTestId("link-info")).toContainText("Team Rocket");
  await expect(dev.getByTestId("link-info")).toContainText("Developer");
  await expect(dev).toHaveURL(`${install.url}/invite`); // the token left the address bar
  await dev.getByTestId("link-name").fill(DEV.name);
  await dev.getByTestId("link-password").fill("short");
  await dev.getByTestId("link-submit").click();
  await expect(dev.getByRole("alert").filter({ hasText: "at least 10 characters" })).toBeVisible();
  await dev.getByTestId("link-password").fill(DEV.password);
  await dev.getByTestId("link-submit").click();
  await expect(dev.getByTestId("org-name")).toHaveText("Team Rocket");
  await expect(dev.getByRole("link", { name: "Members" })).toHaveCount(0);
  console.log(`empty database → admin set up → developer signed in: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The link worked once.
  const again = await freshPage(browser, install.url);
  await again.goto(link);
  await expect(again.getByTestId("link-refused")).toContainText("already used");

  await admin.reload();
  await expect(admin.getByTestId(`member-${DEV.email}`)).toContainText(DEV.name);
  await expect(admin.getByTestId(`invite-${DEV.email}`)).toHaveCount(0);
});

test("members: a revoked invitation stops working, the last admin stays, passwords are reset and changed", async ({ browser, install }) => {
  const admin = await freshPage(browser, install.url);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.goto("/settings/members");

  // Revoke an invitation: its link is refused.
  await admin.getByTestId("invite-open").click();
  await admin.getByTestId("invite-email").fill("maybe@team.example");
  await admin.getByTestId("invite-create").click();
  const link = (await admin.getByTestId("invite-link").textContent())!;
  await admin.getByTestId("invite-done").click();
  await admin.getByTestId("invite-maybe@team.example").getByTestId("invite-revoke").click();
  await expect(admin.getByTestId("invite-maybe@team.example")).toHaveCount(0);
  const late = await freshPage(browser, install.url);
  await late.goto(link);
  await expect(late.getByTestId("link-refused")).toContainText("revoked");

  // The only admin cannot demote themself.
  await admin.getByTestId(`member-${ADMIN.email}`).getByTestId("member-role").selectOption("REVIEWER");
  await expect(admin.getByText("This is the last admin")).toBeVisible();
  await expect(admin.getByTestId(`member-${ADMIN.email}`).getByTestId("member-role")).toHaveValue("ADMIN");

  // A password reset link for the developer, who sets a new password with it.
  await admin.getByTestId(`member-${DEV.email}`).getByTestId("member-reset").click();
  await admin.getByRole("alertdialog").getByRole("button", { name: "Make the link" }).click();
  const reset = (await admin.getByTestId("reset-link").textContent())!;
  await admin.getByTestId("reset-done").click();
  const dev = await freshPage(browser, install.url);
  await dev.goto(reset);
  await dev.getByTestId("link-password").fill("devs-reset-password");
  await dev.getByTestId("link-submit").click();
  await expect(dev.getByTestId("org-name")).toHaveText("Team Rocket");

  // The developer changes their own password, which needs the current one.
  await dev.getByRole("link", { name: "Account" }).click();
  await dev.getByTestId("password-current").fill(DEV.password);
  await dev.getByTestId("password-new").fill("devs-final-password");
  await dev.getByTestId("password-save").click();
  await expect(dev.getByRole("alert").filter({ hasText: "not your current password" })).toBeVisible();
  await dev.getByTestId("password-current").fill("devs-reset-password");
  await dev.getByTestId("password-save").click();
  await expect(dev.getByText("Password changed")).toBeVisible();
  const later = await freshPage(browser, install.url);
  await signIn(later, DEV.email, "devs-final-password");

  // All of it is in the audit log.
  await admin.goto("/settings/audit");
  for (const action of [
    "install.setup",
    "member.invite",
    "member.join",
    "member.invite.revoke",
    "member.password.reset-link",
    "member.password.reset",
    "account.password",
  ]) {
    await expect(admin.getByTestId("audit-table").getByText(action, { exact: true }).first()).toBeVisible();
  }
});
