import type { BuildContext } from "../../build-context";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The local target runs every function on the worker's own Node; a declared `runtime:` of another
 * version (nodejs8.10, nodejs22.x) is said in the log, never silently ignored.
 */
export function warnAboutRuntime(ctx: BuildContext) {
  const config = ctx.resolved?.config ?? {};
  const provider = isObj(config.provider) ? config.provider : {};
  const functions = isObj(config.functions) ? config.functions : {};
  const declared = new Set<string>();
  if (typeof provider.runtime === "string") declared.add(provider.runtime);
  for (const def of Object.values(functions)) if (isObj(def) && typeof def.runtime === "string") declared.add(def.runtime);
  const major = process.versions.node.split(".")[0];
  for (const runtime of declared) {
    const m = /^nodejs(\d+)(\.x|\.\d+)?$/.exec(runtime);
    if (m && m[1] === major) continue;
    ctx.log.line(`Warning: runtime ${runtime} is not available locally; functions run on Node ${process.versions.node}.`);
  }
}
