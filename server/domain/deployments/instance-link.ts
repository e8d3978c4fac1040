import { instanceUrl, type InstanceCoordinates, type RuntimeAddress } from "./instance-url";
import type { RuntimeConfig } from "./runtime-config";

/**
 * The link a person clicks for a deployed instance: its URL plus the path of the first GET route
 * without parameters, so "Open" lands on something that answers. Null for services without HTTP
 * functions (a database, a scheduled task): they have nothing to open.
 */
export function deploymentLink(base: RuntimeAddress, at: InstanceCoordinates, config: unknown): string | null {
  const functions = Object.values((config as RuntimeConfig | null)?.functions ?? {});
  if (!functions.some((fn) => (fn.http ?? []).length > 0)) return null;
  for (const fn of functions) {
    for (const route of fn.http ?? []) {
      if ((route.method === "GET" || route.method === "ANY") && !route.path.includes("{")) {
        const p = route.path.replace(/^\/+/, "");
        return instanceUrl(base, at) + (p ? `/${p}` : "");
      }
    }
  }
  return instanceUrl(base, at);
}
