import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { login } from "./support/login";
import { startSshGitServer, type SshGitServer } from "../scripts/test/git-servers";
import { createTeamRepo, helloService, type TeamRepo } from "../scripts/test/team-repo";

/**
 * A team brings its own repository, only through the browser: the admin connects a brand-new
 * repository (made here, served by a real sshd this test starts) with the deploy key Slipway
 * generates, the test authorizes the public key the page shows, the admin picks the detected
 * services, maps stages to profiles and creates the app; the first deploy runs; a pushed branch
 * gets a preview whose link answers. The time it takes is printed for the README's note.
 */
let root: string;
let sshd: SshGitServer;
let repo: TeamRepo;

test.beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "slipway-e2e-onboard-"));
  repo = await createTeamRepo(root, "storefront", {
    ...helloService("catalog", "Hello from the catalog"),
    "services/broken/serverless.yml": "service: broken\nfunctions:\n  a: [unclosed\n",
    "shared/prices.json": "{}\n",
  });
  sshd = await startSshGitServer();
});

test.afterAll(async () => {
  await sshd?.close();
  await rm(root, { recursive: true, force: true });
});

test("an admin connects a new repository with a generated deploy key, and a pushed branch's preview link answers", async ({ page, request }) => {
  test.setTimeout(300_000);
  const started = Date.now();
  await login(page, "admin@example.com");
  await page.getByTestId("new-app").click();

  await page.getByTestId("new-app-name").fill("Storefront");
  await expect(page.getByTestId("new-app-slug")).toHaveValue("storefront");
  await page.getByTestId("new-app-url").fill(sshd.urlFor(repo.bareDir));
  await page.getByTestId("new-app-auth-ssh").check();
  await page.getByTestId("new-app-connect").click();

  // The page shows the public key to paste into the git host: this test's sshd is the git host.
  const publicKey = (await page.getByTestId("deploy-public-key").locator("pre, code").first().innerText()).trim();
  expect(publicKey).toMatch(/^ssh-ed25519 AAAA\S+ slipway-deploy-key@127\.0\.0\.1$/);
  await expect(page.getByText("write access")).toBeVisible();
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("connection-error")).toHaveAttribute("data-reason", "auth");
  await sshd.authorize(publicKey);
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("connection-result")).toHaveAttribute("data-ok", "true");
  await expect(page.getByTestId("host-key-fingerprint")).toContainText(sshd.fingerprint());

  // Detected services: catalog picked, the broken file listed with its error and not pickable.
  await expect(page.getByTestId("pick-services-catalog")).toBeChecked();
  await expect(page.getByTestId("detected-services-broken").getByTestId("detected-error")).toContainText("serverless.yml:");
  await expect(page.getByTestId("pick-services-broken")).toBeDisabled();
  await page.getByTestId("shared-services-catalog").fill("shared");

  // Stages: the demo's profiles carry an `env` parameter, so dev/staging/prod are proposed.
  await expect(page.getByTestId("stage-profile-staging").locator("option:checked")).toContainText("profile-staging");
  await expect(page.getByTestId("new-app-default-profile").locator("option:checked")).toContainText("profile-dev");
  await page.getByTestId("create-app").click();

  const firstBuild = page.getByTestId("first-build-catalog-staging");
  await expect(firstBuild).toBeVisible();
  await page.getByTestId("open-app").click();
  await expect(page.getByTestId("instance-staging-catalog").getByTestId("instance-link")).toBeVisible({ timeout: 120_000 });

  await repo.push({ "services/catalog/handler.js": "exports.hello = async () => ({ statusCode: 200, body: JSON.stringify({ message: 'Cart preview' }) });\n" }, "Cart", "feature/cart");
  const link = page.getByTestId("instance-feature-cart-catalog").getByTestId("instance-link");
  await expect(link).toBeVisible({ timeout: 120_000 });
  const href = (await link.getAttribute("href"))!;
  const res = await request.get(`${href.replace(/\/+$/, "")}/hello`);
  expect(await res.json()).toMatchObject({ message: "Cart preview" });
  console.log(`[onboarding] new app to first preview link: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
