/** Runs once when a Next.js server starts: on an empty install, print the one-time setup token. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { announceSetup } = await import("./server/setup-announce");
  const { logger } = await import("./server/logger");
  // A database that is not migrated or not up yet must not keep the web app from starting; /setup retries.
  await announceSetup("start").catch((e: Error) =>
    logger().warn(`Slipway: could not check whether setup is needed (${e.message.split("\n")[0]})`),
  );
}
