import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The file, in the data folder, that holds the one-time setup token of an empty install (mode 0600). */
export function setupTokenPath(dataDir: string): string {
  return path.join(dataDir, "setup-token");
}

/**
 * The setup token of an empty install: the one in the file if there is one (so a restart, or a second
 * web replica on the same data folder, shows the same token), else a new one written with O_EXCL so two
 * processes starting at once agree on the winner's. Returns whether this call made it.
 */
export async function ensureSetupToken(dataDir: string): Promise<{ token: string; created: boolean; file: string }> {
  const file = setupTokenPath(dataDir);
  const existing = await readSetupToken(dataDir);
  if (existing) return { token: existing, created: false, file };
  await mkdir(dataDir, { recursive: true });
  const token = randomBytes(24).toString("base64url");
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: "wx" });
    return { token, created: true, file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return { token: (await readSetupToken(dataDir)) ?? token, created: false, file };
  }
}

export async function readSetupToken(dataDir: string): Promise<string | null> {
  const text = await readFile(setupTokenPath(dataDir), "utf8").catch(() => null);
  const token = text?.trim();
  return token ? token : null;
}

/** Constant-time comparison (of the sha256 of both, so lengths never leak either). */
export async function setupTokenMatches(dataDir: string, given: string): Promise<boolean> {
  const expected = await readSetupToken(dataDir);
  if (!expected) return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given.trim()).digest();
  return timingSafeEqual(a, b);
}

/** Used once: the file goes away when the first admin exists. */
export async function removeSetupToken(dataDir: string): Promise<void> {
  await rm(setupTokenPath(dataDir), { force: true });
}
