import { readFileSync } from "node:fs";
import path from "node:path";
import { resolveInsideRoot } from "./inside-root";
import { loadYaml, YamlLoadError } from "./load-yaml";
import { PropertyFailure } from "./resolution-error";
import { found, miss, type SourceHandler } from "./variable-resolver";

type Loaded = { exists: false } | { exists: true; content: unknown };

/** Extensions v3 would `require()`: running a repository's code while resolving config is not allowed. */
const CODE_EXTENSIONS = new Set([".js", ".cjs", ".mjs", ".ts"]);

/**
 * `${file(path)}` / `${file(path):a.b}`, relative to the service folder (not to the including
 * file, as in v3). YAML and JSON (also `.tfstate`) are parsed; anything else is plain text. A
 * missing file or key is a miss, so fallbacks apply. A file outside `rootDir` (the repository
 * checkout), by path or by symlink, is refused — not a miss, so no fallback hides the attempt.
 */
export function fileSource(serviceDir: string, rootDir: string = serviceDir): SourceHandler {
  const cache = new Map<string, Loaded>();
  return (params, address) => {
    const target = params[0];
    if (typeof target !== "string" || target === "") {
      throw new PropertyFailure('Missing path argument in variable "file" source');
    }
    const place = resolveInsideRoot(rootDir, serviceDir, target);
    if (place.ok === false) throw new PropertyFailure(`Cannot read ${place.reason}`);
    const absolute = place.absolute;
    let loaded = cache.get(absolute);
    if (!loaded) {
      loaded = place.ok === "missing" ? { exists: false } : load(absolute, target);
      cache.set(absolute, loaded);
    }
    if (!loaded.exists) return miss();
    const value = address ? walk(loaded.content, address.split(".")) : loaded.content;
    if (value === undefined || value === null) return miss();
    // The file may hold variables that the resolver fills in place: never hand out the cached copy.
    return found(typeof value === "object" ? structuredClone(value) : value);
  };
}

function load(absolute: string, shown: string): Loaded {
  const extension = path.extname(absolute).toLowerCase();
  if (CODE_EXTENSIONS.has(extension)) {
    throw new PropertyFailure(`Cannot use "${shown}": Slipway never executes JavaScript from a configuration`);
  }
  const text = readFileSync(absolute, "utf8");
  try {
    if (extension === ".yml" || extension === ".yaml") return { exists: true, content: loadYaml(text, shown) };
    if (extension === ".json" || extension === ".tfstate") return { exists: true, content: JSON.parse(text) };
  } catch (error) {
    if (error instanceof YamlLoadError) throw new PropertyFailure(`Cannot parse ${error.message}`);
    throw new PropertyFailure(`Cannot parse ${shown}: ${(error as Error).message}`);
  }
  return { exists: true, content: text };
}

/** A lodash-style `get`: numeric segments index arrays. */
export function walk(value: unknown, segments: string[]): unknown {
  let node = value;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null) return undefined;
    if (Array.isArray(node)) node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
    else node = Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return node;
}
