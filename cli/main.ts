import { parseArgs } from "node:util";
import { EXIT_USAGE, processIo, UsageError, type CliIo, type Command } from "./io";

/** Subcommands, loaded on demand so one command's dependencies never slow down another. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  print: { summary: "print the resolved serverless.yml as JSON", load: () => import("./print") },
  login: {
    summary: "keep a Slipway server and API token for the other commands",
    load: () => import("./login").then((m) => ({ run: m.runLogin })),
  },
  logout: { summary: "forget the stored token", load: () => import("./login").then((m) => ({ run: m.runLogout })) },
  deploy: { summary: "build and deploy this working copy to a stage", load: () => import("./deploy").then((m) => ({ run: m.runDeploy })) },
  remove: { summary: "remove this service from a stage", load: () => import("./deploy").then((m) => ({ run: m.runRemove })) },
  outputs: {
    summary: "show the outputs published by the app's stages",
    load: () => import("./outputs").then((m) => ({ run: m.runOutputs })),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: slipway <command> [options]\n\nCommands:\n${lines.join("\n")}\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // Only the command name is read here; each command parses its own options strictly.
  const { positionals, values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: { help: { type: "boolean", short: "h" } },
  });
  const name = positionals[0];
  if (!name || (values.help && argv[0]?.startsWith("-"))) {
    (name || values.help ? io.stdout : io.stderr)(usage());
    return values.help ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${usage()}`);
    return EXIT_USAGE;
  }
  const args = [...argv];
  args.splice(argv.indexOf(name), 1);
  try {
    return await (await command.load()).run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n`);
    return EXIT_USAGE;
  }
}
