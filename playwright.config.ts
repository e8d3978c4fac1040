import { defineConfig } from "@playwright/test";
// Instance links are http://<label>.localhost:<port>: Chromium resolves them itself; the `request` fixture (Node) needs this.
import "./scripts/test/localhost-resolves";

/** E2E_WEB_PORT / E2E_RUNTIME_PORT / E2E_DB let two checkouts run their e2e side by side. */
const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3100);
/**
 * E2E_DEMO=off skips the demo server, for specs that start their own empty install
 * (e2e/support/empty-install.ts), e.g. `E2E_DEMO=off npx playwright test e2e/first-run.spec.ts`.
 */
const DEMO = process.env.E2E_DEMO !== "off";

export default defineConfig({
  testDir: "e2e",
  testMatch: "*.spec.ts",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${WEB_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: DEMO
    ? {
        command: "npx tsx scripts/e2e-server.ts",
        url: `http://localhost:${WEB_PORT}/login`,
        timeout: 900_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
      }
    : undefined,
});
