import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { ApiClient, AppsListing } from "./api";
import { UsageError } from "./io";

const CONFIG_NAMES = ["serverless.yml", "serverless.yaml", "serverless.json"];

/** The `service:` name of the serverless.yml in `dir`, when it is a plain string. */
export function serviceNameIn(dir: string): string | null {
  const file = CONFIG_NAMES.map((n) => path.join(dir, n)).find((f) => existsSync(f));
  if (!file) return null;
  try {
    const doc = parse(readFileSync(file, "utf8")) as { service?: unknown } | null;
    const name = typeof doc?.service === "object" && doc?.service ? (doc.service as { name?: unknown }).name : doc?.service;
    return typeof name === "string" && !name.includes("${") ? name : null;
  } catch {
    return null;
  }
}

/**
 * Which app and service a command is about: the flags, else the folder's serverless.yml `service:`
 * looked up among the org's apps (an ambiguous name asks for --app).
 */
export async function locateService(api: ApiClient, cwd: string, flags: { app?: string; service?: string }) {
  const service = flags.service ?? serviceNameIn(cwd);
  if (!service) throw new UsageError("No serverless.yml with a service name here: run this in a service folder or pass --service.");
  const apps = await api.get<AppsListing>("/apps");
  const candidates = apps.filter((a) => (!flags.app || a.slug === flags.app) && a.services.some((s) => s.name === service));
  if (candidates.length === 0) {
    throw new UsageError(
      flags.app
        ? `App "${flags.app}" has no service "${service}" (or you cannot see it).`
        : `No app of yours has a service "${service}": pass --app and --service.`,
    );
  }
  if (candidates.length > 1)
    throw new UsageError(`Several apps have a service "${service}" (${candidates.map((a) => a.slug).join(", ")}): pass --app.`);
  const app = candidates[0]!;
  return { app: app.slug, service: app.services.find((s) => s.name === service)! };
}
