import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startEmptyInstall, type EmptyInstall } from "./support/empty-install";
import { startSshGitServer, type SshGitServer } from "../scripts/test/git-servers";
import { createTeamRepo, helloService, type TeamRepo } from "../scripts/test/team-repo";

/**
 * A team's whole way in, from an empty database, only through the browser: setup with the token →
 * invite a developer (who accepts and signs in) → connect a brand-new repository (made here, served
 * by a real sshd this test starts) with the deploy key Slipway generates — the test authorizes the
 * public key the page shows, as an admin would paste it into GitHub → pick the detected services →
 * stages and profiles (the guide's three, created in one click) → the first deploy → a pushed
 * branch's preview link answers. The time it takes is printed for the README's note.
 *
 * Run: E2E_DEMO=off E2E_DB=<db> npx playwright test e2e/onboarding.spec.ts (after `next build`).
 */
let install: EmptyInstall;
let root: string;
let sshd: SshGitServer;
let repo: TeamRepo;

const ADMIN = { name: "Ann Admin", email: "ann@storefront.example", password: "anns-long-password" };
const DEV = { name: "Dev Eloper", email: "dev@storefront.example", password: "devs-long-password" };

test.beforeAll(async () => {
  test.setTimeout(420_000);
  root = await mkdtemp(path.join(os.tmpdir(), "slipway-e2e-onboard-"));
  repo = await createTeamRepo(root, "storefront", {
    ...helloService("catalog", "Hello from the catalog"),
    "services/broken/serverless.yml": "service: broken\nfunctions:\n  a: [unclosed\n",
    "shared/prices.json": "{}\n",
  });
  sshd = await startSshGitServer();
  install = await startEmptyInstall({ worker: true, env: { SLIPWAY_ALLOW_LOCAL_REPOS: "on" } });
});

test.afterAll(async () => {
  await install?.stop();
  await sshd?.close();
  await rm(root, { recursive: true, force: true });
});

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: install.url })).newPage();
}

test("from an empty database to the preview link of a new repository, in the browser only", async ({ browser, request }) => {
  test.setTimeout(420_000);
  const started = Date.now();
  const lap = (what: string) => console.log(`[onboarding] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Setup with the token the web process wrote.
  const admin = await freshPage(browser);
  await admin.goto("/setup");
  await admin.getByTestId("setup-token").fill(await install.setupToken());
  await admin.getByTestId("setup-name").fill(ADMIN.name);
  await admin.getByTestId("setup-email").fill(ADMIN.email);
  await admin.getByTestId("setup-password").fill(ADMIN.password);
  await admin.getByTestId("setup-org-name").fill("Storefront Inc");
  await admin.getByTestId("setup-submit").click();
  await expect(admin.getByTestId("org-name")).toHaveText("Storefront Inc");

  // Invite a developer, who accepts and is signed in.
  await admin.getByRole("link", { name: "Members" }).click();
  await admin.getByTestId("invite-open").click();
  await admin.getByTestId("invite-email").fill(DEV.email);
  await admin.getByTestId("invite-role").selectOption("DEVELOPER");
  await admin.getByTestId("invite-create").click();
  const invite = (await admin.getByTestId("invite-link").textContent())!;
  await admin.getByTestId("invite-done").click();
  const dev = await freshPage(browser);
  await dev.goto(invite);
  await dev.getByTestId("link-name").fill(DEV.name);
  await dev.getByTestId("link-password").fill(DEV.password);
  await dev.getByTestId("link-submit").click();
  await expect(dev.getByTestId("org-name")).toHaveText("Storefront Inc");
  await expect(dev.getByTestId("new-app")).toHaveCount(0); // creating apps is for admins
  lap("set up, developer signed in");

  // The empty Apps page leads the admin to New app.
  await admin.getByRole("link", { name: "Apps" }).first().click();
  await admin.getByTestId("new-app").click();
  await admin.getByTestId("new-app-name").fill("Storefront");
  await expect(admin.getByTestId("new-app-slug")).toHaveValue("storefront");
  await admin.getByTestId("new-app-url").fill("ext::sh%20-c%20touch%20/tmp/pwned");
  await admin.getByTestId("new-app-connect").click();
  await expect(admin.getByRole("alert").filter({ hasText: "Transport helpers" })).toBeVisible(); // refused, in words
  await admin.getByTestId("new-app-url").fill(sshd.urlFor(repo.bareDir));
  await admin.getByTestId("new-app-auth-ssh").check();
  await admin.getByTestId("new-app-connect").click();

  // The public key to paste into the git host: this test's sshd is the git host.
  const publicKey = (await admin.getByTestId("deploy-public-key").locator("pre").innerText()).trim();
  expect(publicKey).toMatch(/^ssh-ed25519 AAAA\S+ slipway-deploy-key@127\.0\.0\.1$/);
  await expect(admin.getByText("write access")).toBeVisible();
  await admin.getByTestId("test-connection").click();
  await expect(admin.getByTestId("connection-error")).toHaveAttribute("data-reason", "auth");
  await sshd.authorize(publicKey);
  await admin.getByTestId("test-connection").click();
  await expect(admin.getByTestId("connection-result")).toHaveAttribute("data-ok", "true");
  await expect(admin.getByTestId("host-key-fingerprint")).toContainText(sshd.fingerprint());

  // Detected services: catalog picked; the broken file listed with its error and not pickable.
  await expect(admin.getByTestId("pick-services-catalog")).toBeChecked();
  await expect(admin.getByTestId("detected-services-broken").getByTestId("detected-error")).toContainText("serverless.yml:");
  await expect(admin.getByTestId("pick-services-broken")).toBeDisabled();
  await admin.getByTestId("shared-services-catalog").fill("shared");

  // Stages and profiles: none exist yet; the guide's three are made in one click and proposed.
  await admin.getByTestId("create-guide-profiles").click();
  await expect(admin.getByTestId("stage-profile-staging").locator("option:checked")).toHaveText("profile-staging (env=staging)");
  await expect(admin.getByTestId("stage-profile-prod").locator("option:checked")).toHaveText("profile-prod (env=prod)");
  await expect(admin.getByTestId("new-app-default-profile").locator("option:checked")).toHaveText("profile-dev");
  await admin.getByTestId("create-app").click();
  lap("app created");

  // The first deploy, visible with a link to its build.
  await admin.getByTestId("first-build-catalog-staging").click();
  await expect(admin.getByTestId("build-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 180_000 });
  await admin.goto("/apps/storefront");
  await expect(admin.getByTestId("instance-staging-catalog").getByTestId("instance-link")).toBeVisible({ timeout: 60_000 });
  lap("first deploy live");

  // A developer pushes a branch: its preview appears on the app page, and the link answers.
  await repo.push(
    {
      "services/catalog/handler.js":
        "exports.hello = async () => ({ statusCode: 200, body: JSON.stringify({ message: 'Cart preview' }) });\n",
    },
    "Cart",
    "feature/cart",
  );
  await dev.goto("/apps/storefront");
  const link = dev.getByTestId("instance-feature-cart-catalog").getByTestId("instance-link");
  await expect(link).toBeVisible({ timeout: 180_000 });
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/^http:\/\/feature-cart--catalog--storefront--storefront-inc\.localhost:\d+\/hello$/); // the instance's own host, on its HTTP route
  const res = await request.get(href);
  expect(await res.json()).toMatchObject({ message: "Cart preview" });
  lap("empty database → preview link of the new repository");
});
