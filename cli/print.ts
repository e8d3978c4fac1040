import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as z from "zod/mini";
import { formatFailure, ResolutionError } from "../server/domain/variables/resolution-error";
import { resolveConfig } from "../server/domain/variables/resolve-config";
import { EXIT_FAILURE, UsageError, type CliIo } from "./io";
import { serverInputs } from "./print-server";

const HELP = `Usage: slipway print [--config serverless.yml] [--stage S] [--region R]
                     [--param key=value]... [--params-file params.json] [--outputs-file outputs.json]
                     [--app A] [--offline]

Prints the service's configuration with every variable resolved, as JSON.
  --params-file   {"stage": {key: value}, "service": {key: value}}  (Slipway parameters)
  --outputs-file  {"app:stage:region:service": {key: value}}       (published outputs)
When logged in (slipway login), parameters and outputs come from the server unless given as files
or --offline is passed; secret parameters are shown only to roles that may deploy.
`;

const ParamsFile = z.object({
  stage: z.optional(z.record(z.string(), z.string())),
  service: z.optional(z.record(z.string(), z.string())),
});
const OutputsFile = z.record(z.string(), z.record(z.string(), z.unknown()));
const CONFIG_NAMES = ["serverless.yml", "serverless.yaml", "serverless.json"];

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(args);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const configPath = path.resolve(io.cwd, values.config ?? findConfig(io.cwd));
  const server =
    values.offline || (values["params-file"] && values["outputs-file"])
      ? null
      : await serverInputs(io, path.dirname(configPath), { app: values.app, stage: values.stage ?? "dev" });
  if (server && "error" in server) {
    io.stderr(`${server.error}\n`);
    return EXIT_FAILURE;
  }
  try {
    const { config } = await resolveConfig({
      serviceDir: path.dirname(configPath),
      configFile: path.basename(configPath),
      stage: values.stage,
      region: values.region,
      env: io.env,
      cliParams: parseParams(values.param ?? []),
      slipwayParams: values["params-file"] ? readJson(io.cwd, values["params-file"], ParamsFile) : server?.params,
      outputs: values["outputs-file"] ? readJson(io.cwd, values["outputs-file"], OutputsFile) : server?.outputs,
      app: server?.app,
    });
    io.stdout(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ResolutionError)) throw error;
    const lines = error.failures.every((f) => f.path) ? error.failures.map(formatFailure) : [error.message];
    io.stderr(`${lines.join("\n")}\n`);
    return EXIT_FAILURE;
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        config: { type: "string", short: "c" },
        stage: { type: "string", short: "s" },
        region: { type: "string", short: "r" },
        param: { type: "string", multiple: true },
        "params-file": { type: "string" },
        "outputs-file": { type: "string" },
        app: { type: "string", short: "a" },
        offline: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
}

function findConfig(cwd: string): string {
  return CONFIG_NAMES.find((name) => existsSync(path.join(cwd, name))) ?? CONFIG_NAMES[0]!;
}

/** `--param key=value`, split at the first "="; like v3, an empty key or value is refused. */
function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0 || eq === pair.length - 1) {
      throw new UsageError(`Encountered invalid "--param" CLI option value: "${pair}". Supported format: "--param='<key>=<val>'"`);
    }
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

function readJson<T>(cwd: string, file: string, schema: z.ZodMiniType<T>): T {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path.resolve(cwd, file), "utf8"));
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${file} has the wrong shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
