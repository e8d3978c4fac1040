import picomatch from "picomatch";

export interface TriggerableService {
  id: string;
  path: string;
  triggerPaths: string[];
  alwaysTrigger: boolean;
}

/**
 * Which services a change touches: those with "always trigger", and those with a changed file under
 * their folder or matching one of their trigger paths. `changed` null means "unknown" (a first
 * deploy, an unrelated history): every service builds.
 */
export function servicesToBuild<T extends TriggerableService>(services: T[], changed: string[] | null): T[] {
  if (changed === null) return services;
  return services.filter((s) => {
    if (s.alwaysTrigger) return true;
    const folder = s.path.replace(/\/+$/, "");
    const patterns = s.triggerPaths.map((p) => (p.endsWith("/") ? `${p}**` : p));
    const match = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
    return changed.some((f) => f === folder || f.startsWith(`${folder}/`) || match(f));
  });
}
