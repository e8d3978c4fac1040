import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { ApiError, apiClient } from "./api";
import { clearConfig, configPath, saveConfig } from "./config";
import { EXIT_FAILURE, UsageError, type CliIo } from "./io";

const HELP = `Usage: slipway login --url https://slipway.example.com [--token slw_…]

Checks the token (create one in the dashboard under Settings → API tokens) and keeps the server
and the token in ~/.config/slipway/config.json (mode 0600; SLIPWAY_CONFIG overrides the path).
Without --token, reads it from standard input, so it stays out of your shell history.
`;

async function readToken(io: CliIo): Promise<string> {
  io.stderr("Token: ");
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line.trim();
    return "";
  } finally {
    rl.close();
  }
}

export async function runLogin(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: { url: { type: "string" }, token: { type: "string" }, help: { type: "boolean", short: "h" } },
    }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.url || !/^https?:\/\//.test(values.url)) throw new UsageError(`--url http(s)://… is required.\n\n${HELP}`);
  const token = values.token ?? (await readToken(io));
  if (!token.startsWith("slw_")) throw new UsageError("A Slipway token starts with slw_.");
  const config = { url: values.url.replace(/\/+$/, ""), token };
  try {
    const me = await apiClient(config).get<{ user: { name: string; email: string }; org: { slug: string; name: string }; role: string }>(
      "/me",
    );
    const file = await saveConfig(io.env, config);
    io.stdout(
      `Logged in to ${config.url} as ${me.user.name} <${me.user.email}>, ${me.role.toLowerCase()} in ${me.org.name}.\nSaved to ${file}\n`,
    );
    return 0;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.stderr(`Login refused: ${e.message}\n`);
    return EXIT_FAILURE;
  }
}

export async function runLogout(_args: string[], io: CliIo): Promise<number> {
  await clearConfig(io.env);
  io.stdout(`Logged out (${configPath(io.env)} removed).\n`);
  return 0;
}
