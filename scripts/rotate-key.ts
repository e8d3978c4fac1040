/**
 * Re-encrypts every secret at rest under a new key.
 *
 *   SLIPWAY_OLD_ENCRYPTION_KEY=<old base64 key> SLIPWAY_ENCRYPTION_KEY=<new base64 key> npm run rotate-key
 *
 * Keys come from the environment, not argv (argv is visible to every user in `ps`). Stop the web
 * app and workers first, run this, then start them with the new SLIPWAY_ENCRYPTION_KEY. Running it
 * twice is harmless: values already under the new key are left alone.
 */
import { getEnv } from "../server/env";
import { closeDeps, createDeps } from "../server/composition";
import { createCipher } from "../server/domain/secrets/cipher";
import { reencryptSecrets } from "../server/domain/secrets/reencrypt-secrets";

async function main() {
  const oldKey = process.env.SLIPWAY_OLD_ENCRYPTION_KEY;
  const env = getEnv();
  if (!oldKey || !process.env.SLIPWAY_ENCRYPTION_KEY) {
    console.error("Set SLIPWAY_OLD_ENCRYPTION_KEY (current key) and SLIPWAY_ENCRYPTION_KEY (new key, 32 bytes base64).");
    process.exit(2);
  }
  if (process.argv.some((a) => a === "--from" || a === "--to")) {
    console.error("Keys on the command line leak through `ps`; pass them as environment variables instead.");
    process.exit(2);
  }
  const deps = createDeps(env);
  try {
    // The old key's cipher is this command's own input; the new one is the configured cipher every process uses.
    const counts = await reencryptSecrets(deps.db, createCipher(oldKey), deps.cipher);
    console.log(
      `Re-encrypted ${counts.parameters} parameter(s), ${counts.profiles} static key(s), ${counts.deployments} deployment snapshot(s).`,
    );
  } finally {
    await closeDeps(deps);
  }
}

main().catch((e: unknown) => {
  // The message only: never a stack that could hold a value.
  console.error(`Key rotation failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
