import { appDeps } from "./composition";
import { getEnv } from "./env";
import { needsSetup } from "./domain/setup/needs-setup";
import { ensureSetupToken } from "./domain/setup/setup-token";

/**
 * On an empty install, makes sure the setup token exists and tells the operator where to use it. Called
 * when the web process starts (instrumentation.ts) and when /setup renders (so a deleted file comes back).
 * The token goes to the process's own log, which only the operator reads; never to a browser.
 */
export async function announceSetup(reason: "start" | "page"): Promise<boolean> {
  const env = getEnv();
  if (!(await needsSetup(appDeps().db))) return false;
  const { token, created, file } = await ensureSetupToken(env.SLIPWAY_DATA_DIR);
  if (reason === "start" || created) {
    // A banner for the operator's terminal, not a log line (server/logger.ts): read as it is printed.
    console.log(
      [
        "",
        "Slipway has no admin yet. Open the setup page and enter this one-time setup token:",
        `  ${env.NEXTAUTH_URL.replace(/\/$/, "")}/setup`,
        `  setup token: ${token}`,
        `  (also in ${file}, readable only by this user; it is removed once setup is done)`,
        "",
      ].join("\n"),
    );
  }
  return true;
}
