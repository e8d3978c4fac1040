import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
// zod/mini: the same schemas, tree-shaken — the CLI starts in a few ms instead of loading all of zod.
import * as z from "zod/mini";
import type { CliIo } from "./io";

/** Where `slipway login` keeps the server and the token: SLIPWAY_CONFIG, else ~/.config/slipway/config.json. */
export function configPath(env: CliIo["env"]): string {
  return env.SLIPWAY_CONFIG || path.join(env.HOME || os.homedir(), ".config", "slipway", "config.json");
}

const ConfigFile = z.object({ url: z.url(), token: z.string().check(z.startsWith("slw_")) });
export type CliConfig = z.infer<typeof ConfigFile>;

/**
 * The server to talk to: SLIPWAY_URL + SLIPWAY_TOKEN in the environment (for CI), else the login
 * file. Null when neither is there (commands that can work offline then do).
 */
export async function loadConfig(env: CliIo["env"]): Promise<CliConfig | null> {
  if (env.SLIPWAY_URL && env.SLIPWAY_TOKEN) return ConfigFile.parse({ url: env.SLIPWAY_URL, token: env.SLIPWAY_TOKEN });
  const text = await readFile(configPath(env), "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = ConfigFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${configPath(env)} is not a Slipway login: run slipway login again.`);
  return parsed.data;
}

/** The token is a password: the file is readable by its owner only (0600, in a 0700 folder). */
export async function saveConfig(env: CliIo["env"], config: CliConfig): Promise<string> {
  const file = configPath(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return file;
}

export async function clearConfig(env: CliIo["env"]): Promise<void> {
  await rm(configPath(env), { force: true });
}
