import { parseArgs } from "node:util";
import { ApiError, apiClient, type AppsListing } from "./api";
import { loadConfig } from "./config";
import { EXIT_FAILURE, UsageError, type CliIo } from "./io";
import { serviceNameIn } from "./locate-service";

const HELP = `Usage: slipway outputs [service] [--stage S] [--app A] [--json]

The outputs the app's live stages published (the service of this folder by default; --all for every service).
`;

type OutputRow = { key: string; service: string; stage: string; region: string; values: Record<string, unknown> };

export async function runOutputs(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        stage: { type: "string", short: "s" },
        app: { type: "string", short: "a" },
        all: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const config = await loadConfig(io.env);
  if (!config) {
    io.stderr("Not logged in: run `slipway login` first.\n");
    return EXIT_FAILURE;
  }
  const api = apiClient(config);
  try {
    const service = positionals[0] ?? (values.all ? undefined : (serviceNameIn(io.cwd) ?? undefined));
    let app = values.app;
    if (!app) {
      const apps = await api.get<AppsListing>("/apps");
      const candidates = service ? apps.filter((a) => a.services.some((s) => s.name === service)) : apps;
      if (candidates.length !== 1) throw new UsageError(`Pass --app (${candidates.map((a) => a.slug).join(", ") || "no app matches"}).`);
      app = candidates[0]!.slug;
    }
    const query = new URLSearchParams();
    if (values.stage) query.set("stage", values.stage);
    if (service) query.set("service", service);
    const rows = await api.get<OutputRow[]>(`/apps/${encodeURIComponent(app)}/outputs?${query}`);
    if (values.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout(`No published outputs${service ? ` for ${service}` : ""}${values.stage ? ` on stage ${values.stage}` : ""}.\n`);
      return 0;
    }
    for (const r of rows) {
      io.stdout(`${r.service} @ ${r.stage} (${r.region})\n`);
      const entries = Object.entries(r.values);
      if (entries.length === 0) io.stdout("  (none)\n");
      for (const [k, v] of entries) io.stdout(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}\n`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.stderr(`${e.message}\n`);
    return EXIT_FAILURE;
  }
}
