import { expect, test, type Page } from "@playwright/test";
import { startEmptyInstall, type EmptyInstall } from "./support/empty-install";
import { startFakeSts } from "../scripts/test/fake-sts";

/**
 * A profile's cloud access, tested from its page: the role's trust policy comes as a CloudFormation
 * template (download, quick-create link), and "Test access" calls STS (an STS-compatible server this
 * test starts, standing in for AWS) and says what failed in words — then that it works once the
 * role trusts Slipway. Run: E2E_DEMO=off npx playwright test e2e/profile-access.spec.ts
 */
const ROLE = "arn:aws:iam::123456789012:role/slipway-deployer";
const ISSUED = {
  accessKeyId: "ASIAFAKEASSUMED00001",
  secretAccessKey: "assumed-secret-do-not-show",
  sessionToken: "assumed-session-token-do-not-show",
};
const trust = new Map<string, string>();
let sts: Awaited<ReturnType<typeof startFakeSts>>;
let install: EmptyInstall;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  sts = await startFakeSts(ISSUED, { trust });
  // Slipway's own AWS identity (the one that assumes roles) comes from the server's environment.
  install = await startEmptyInstall({
    env: {
      AWS_STS_ENDPOINT: sts.url,
      AWS_ACCESS_KEY_ID: "AKIASLIPWAYSERVER001",
      AWS_SECRET_ACCESS_KEY: "server-own-secret",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
});

test.afterAll(async () => {
  await install?.stop();
  await sts?.close();
});

async function setup(page: Page) {
  await page.goto(`${install.url}/setup`);
  await page.getByTestId("setup-token").fill(await install.setupToken());
  await page.getByTestId("setup-name").fill("Ann Admin");
  await page.getByTestId("setup-email").fill("ann@access.example");
  await page.getByTestId("setup-password").fill("anns-long-password");
  await page.getByTestId("setup-org-name").fill("Access Inc");
  await page.getByTestId("setup-submit").click();
  await expect(page.getByTestId("org-name")).toHaveText("Access Inc");
}

test("test access says why AWS refused the role, offers the CloudFormation template, then confirms access", async ({ page }, testInfo) => {
  await setup(page);
  await page.goto(`${install.url}/settings/profiles`);
  await page.getByTestId("profile-new").click();
  await page.getByTestId("profile-name").fill("profile-prod");
  await page.getByTestId("profile-region").fill("eu-west-1");
  await page.getByTestId("profile-create").click();
  await expect(page.getByRole("heading", { level: 1, name: "profile-prod" })).toBeVisible();

  const card = page.getByTestId("access-card");
  // Nothing saved yet: nothing to test.
  await expect(card.getByTestId("access-test-button")).toBeDisabled();
  await card.getByTestId("access-role-arn").fill(ROLE);
  await card.getByTestId("access-save").click();
  const externalId = (await card.getByTestId("access-external-id").textContent())!.trim();
  expect(externalId).toMatch(/^slipway-[0-9a-f]{24}$/);

  // No principal configured on this server: the trust policy's account is a placeholder, and says so.
  await expect(card.getByTestId("access-principal-placeholder")).toContainText("placeholder");
  const cfn = card.getByTestId("access-cloudformation");
  const [download] = await Promise.all([page.waitForEvent("download"), cfn.getByTestId("access-template-download").click()]);
  expect(download.suggestedFilename()).toBe("slipway-profile-prod-role.yaml");
  const template = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(template).toContain("Type: AWS::IAM::Role");
  expect(template).toContain(`Default: "${externalId}"`);
  expect(template).toContain("sts:ExternalId: !Ref ExternalId");
  expect(template).not.toContain("<SLIPWAY_AWS_ACCOUNT_ID>");
  // A quick-create link once the template is in S3; a URL elsewhere is refused next to the field.
  await cfn.getByTestId("access-template-url").fill("https://example.com/t.yaml");
  await expect(cfn.getByRole("alert")).toContainText("in S3");
  await cfn.getByTestId("access-template-url").fill("https://my-bucket.s3.amazonaws.com/slipway-role.yaml");
  const quick = new URL((await cfn.getByTestId("access-quick-create").getAttribute("href"))!);
  expect(quick.host).toBe("eu-west-1.console.aws.amazon.com");
  const hash = new URLSearchParams(quick.hash.split("?")[1]);
  expect(hash.get("templateURL")).toBe("https://my-bucket.s3.amazonaws.com/slipway-role.yaml");
  expect(hash.get("param_ExternalId")).toBe(externalId);

  // The role does not trust Slipway yet: AWS refuses, and the page says what to fix.
  await card.getByTestId("access-test-button").click();
  const result = card.getByTestId("access-test-result");
  await expect(result).toContainText("Access does not work yet.");
  await expect(result).toContainText(`AWS refused to let Slipway assume ${ROLE}`);
  await expect(result).toContainText(externalId);
  await expect(result).toContainText("AccessDenied");
  await testInfo.attach("access-refused", { body: await card.screenshot(), contentType: "image/png" });
  expect(sts.calls.at(-1)!.params).toMatchObject({ Action: "AssumeRole", RoleArn: ROLE, ExternalId: externalId });

  // The admin creates the role (the fake STS now trusts it with that external ID): access works.
  trust.set(ROLE, externalId);
  await card.getByTestId("access-test-button").click();
  await expect(result).toContainText("Access works.");
  await expect(result).toContainText(
    "AWS account 123456789012 answers as arn:aws:sts::123456789012:assumed-role/slipway-deployer/slipway-access-test",
  );
  await testInfo.attach("access-works", { body: await card.screenshot(), contentType: "image/png" });
  // GetCallerIdentity was signed with the session AWS handed out, and nothing of it reached the page.
  expect(sts.calls.at(-1)!.params.Action).toBe("GetCallerIdentity");
  expect(sts.calls.at(-1)!.authorization).toContain(ISSUED.accessKeyId);
  const html = await page.content();
  expect(html).not.toContain(ISSUED.secretAccessKey);
  expect(html).not.toContain(ISSUED.sessionToken);
});
