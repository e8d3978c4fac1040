import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { ApiError, apiClient } from "./api";
import { loadConfig } from "./config";
import { followBuild } from "./follow-build";
import { EXIT_FAILURE, UsageError, type CliIo } from "./io";
import { locateService } from "./locate-service";
import { PackError, packWorkingCopy } from "./pack";

const HELP = {
  deploy: `Usage: slipway deploy --stage S [--app A] [--service NAME] [--region R] [--param key=value]...

Uploads this working copy (uncommitted changes included; .gitignore'd files, .git and node_modules
left out; 50 MB at most), builds it on Slipway exactly like a pushed commit (install, test, resolve
with the stage's profile, deploy), prints the log as it runs and the link. Exit code 0 on success.
`,
  remove: `Usage: slipway remove --stage S [--app A] [--service NAME] [--region R]

Removes the service's stage (its routes, schedules and outputs; for the serverless target, its stack).
`,
};

export function runDeploy(args: string[], io: CliIo) {
  return run("deploy", args, io);
}
export function runRemove(args: string[], io: CliIo) {
  return run("remove", args, io);
}

function options(kind: "deploy" | "remove", args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        stage: { type: "string", short: "s" },
        app: { type: "string", short: "a" },
        service: { type: "string" },
        region: { type: "string", short: "r" },
        param: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP[kind]}`);
  }
}

/** "HEAD 1a2b3c4, 2 uncommitted changes": what the build's title says about the working copy. */
function describeWorkingCopy(root: string | null): string | undefined {
  if (!root) return undefined;
  try {
    const git = (...a: string[]) => execFileSync("git", a, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const changes = git("status", "--porcelain").split("\n").filter(Boolean).length;
    return `HEAD ${head}${changes ? `, ${changes} uncommitted change${changes > 1 ? "s" : ""}` : ""}`;
  } catch {
    return undefined;
  }
}

async function run(kind: "deploy" | "remove", args: string[], io: CliIo): Promise<number> {
  const values = options(kind, args);
  if (values.help) {
    io.stdout(HELP[kind]);
    return 0;
  }
  if (!values.stage) throw new UsageError(`--stage is required.\n\n${HELP[kind]}`);
  const config = await loadConfig(io.env);
  if (!config) {
    io.stderr("Not logged in: run `slipway login --url https://your-slipway --token slw_…` first.\n");
    return EXIT_FAILURE;
  }
  const api = apiClient(config);
  try {
    const { app, service } = await locateService(api, io.cwd, { app: values.app, service: values.service });
    const query = new URLSearchParams({ stage: values.stage });
    if (values.region) query.set("region", values.region);
    for (const p of values.param ?? []) {
      if (p.indexOf("=") <= 0) throw new UsageError(`--param ${p}: use key=value.`);
      query.append("param", p);
    }
    let body: Uint8Array | undefined;
    // Slipway's local target removes without the code; the others run the service's own tooling.
    if (kind === "deploy" || service.target !== "LOCAL") {
      const packed = await packWorkingCopy(io.cwd, service.path);
      const describe = describeWorkingCopy(packed.repoRoot);
      if (describe) query.set("describe", describe);
      io.stderr(
        `Uploading ${packed.files} files (${(packed.archive.length / 1024).toFixed(0)} KB) from ${path.relative(io.cwd, packed.root) || "."}…\n`,
      );
      body = packed.archive;
    }
    const queued = await api.post<{ id: string; number: number; url: string; region: string }>(
      `/apps/${encodeURIComponent(app)}/services/${encodeURIComponent(service.name)}/${kind}?${query}`,
      body,
      body ? "application/gzip" : undefined,
    );
    io.stderr(`Build #${queued.number}: ${kind} ${service.name} → ${values.stage} (${queued.region})\n${queued.url}\n\n`);
    const build = await followBuild(api, io, queued.id);
    if (build.status !== "SUCCEEDED") {
      io.stderr(`\nBuild #${build.number} ${build.status.toLowerCase()}${build.error ? `: ${build.error}` : ""}\n${build.url}\n`);
      return EXIT_FAILURE;
    }
    if (kind === "remove") {
      io.stdout(`\nRemoved ${service.name} from stage ${values.stage}.\n`);
      return 0;
    }
    io.stdout(`\nDeployed ${service.name} to stage ${values.stage}.\n`);
    if (build.instanceUrl) io.stdout(`Link: ${build.instanceUrl}\n`);
    for (const [k, v] of Object.entries(build.outputs ?? {})) io.stdout(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}\n`);
    io.stdout(`Build: ${build.url}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ApiError || e instanceof PackError) {
      io.stderr(`${e.message}\n`);
      return EXIT_FAILURE;
    }
    throw e;
  }
}
