import path from "node:path";
import { loadYaml } from "../variables/load-yaml";

/**
 * What a serverless file in the repository says about its service, for the admin choosing which
 * services to add: its folder, `service:` name, functions and the services whose outputs it reads.
 * A file that does not parse is kept, with its error; serverless.ts/.js are found but cannot be
 * read without running them.
 */
export interface DetectedService {
  file: string;
  folder: string;
  name: string | null;
  functions: string[];
  consumes: string[];
  error: string | null;
  /** false for serverless.ts/.js: listed, not added. */
  resolvable: boolean;
}

const CONFIG_RE = /(^|\/)serverless\.(ya?ml|json|ts|js|cjs|mjs)$/;

export function isServiceFile(p: string): boolean {
  return CONFIG_RE.test(p) && !p.split("/").includes("node_modules");
}

/** The service names of `${output:…}` references, whatever their form (`svc.key`, `app:stage:region:svc.key`). */
export function consumedServices(text: string): string[] {
  const found = new Set<string>();
  let at = text.indexOf("${output:");
  while (at >= 0) {
    let depth = 0;
    let end = at;
    for (; end < text.length; end++) {
      if (text.startsWith("${", end)) {
        depth++;
        end++;
      } else if (text[end] === "}" && --depth === 0) break;
    }
    const inner = text.slice(at + "${output:".length, end);
    const last = inner.split(":").pop() ?? "";
    const service = last.split(".")[0]?.trim();
    if (service && /^[A-Za-z0-9_-]+$/.test(service)) found.add(service);
    at = text.indexOf("${output:", end);
  }
  return [...found].sort();
}

export function describeServiceFile(file: string, text: string | null): DetectedService {
  const folder = path.posix.dirname(file) === "." ? "" : path.posix.dirname(file);
  const base: DetectedService = { file, folder, name: null, functions: [], consumes: [], error: null, resolvable: true };
  if (/\.(ts|js|cjs|mjs)$/.test(file)) {
    return {
      ...base,
      resolvable: false,
      error:
        "A JavaScript/TypeScript config runs code to produce its configuration: Slipway cannot read it. Convert it to serverless.yml to add it.",
    };
  }
  if (text === null) return { ...base, error: "The file is too large to read (over 1 MB)." };
  let doc: unknown;
  try {
    doc = file.endsWith(".json") ? JSON.parse(text) : loadYaml(text, file);
  } catch (e) {
    return { ...base, error: (e as Error).message.slice(0, 500) };
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { ...base, error: "The file is not a mapping of settings." };
  const d = doc as Record<string, unknown>;
  const service =
    typeof d.service === "string"
      ? d.service
      : typeof (d.service as { name?: unknown })?.name === "string"
        ? (d.service as { name: string }).name
        : null;
  const functions = d.functions && typeof d.functions === "object" && !Array.isArray(d.functions) ? Object.keys(d.functions) : [];
  return {
    ...base,
    name: service,
    functions,
    consumes: consumedServices(text),
    error: service ? null : "It has no `service:` name.",
  };
}

/** The config file a service folder builds from: serverless.yml, else .yaml, else .json (null: none). */
export async function serviceConfigFile(serviceDir: string): Promise<string | null> {
  const { stat } = await import("node:fs/promises");
  for (const name of ["serverless.yml", "serverless.yaml", "serverless.json"]) {
    if (
      await stat(path.join(serviceDir, name)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return name;
  }
  return null;
}
