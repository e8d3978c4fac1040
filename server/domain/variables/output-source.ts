import { NotAccessibleYet, PropertyFailure } from "./resolution-error";
import { walk } from "./file-source";
import { found, miss, type SourceHandler } from "./variable-resolver";

export interface OutputReference {
  app: string;
  stage: string;
  region: string;
  service: string;
  key: string;
}

/**
 * `${output:service.key}` and `${output:app:stage:region:service.key}` (empty parts = current
 * app/stage/region), looked up in the outputs Slipway has published, keyed `app:stage:region:service`.
 * A miss explains where it looked and what exists there: the usual mistake is a wrong service name.
 */
export function outputSource(deps: {
  outputs: Record<string, Record<string, unknown>>;
  app: () => string | undefined;
  stage: () => string;
  region: () => string;
  accessible: () => boolean;
  used: Map<string, OutputReference>;
}): SourceHandler {
  return (_params, address) => {
    if (!deps.accessible()) throw new NotAccessibleYet("output");
    const reference = parseAddress(address ?? "", deps);
    const { app, stage, region, service, key, rest } = reference;
    deps.used.set(JSON.stringify([app, stage, region, service, key]), { app, stage, region, service, key });
    const where = `app "${app}", stage "${stage}", region "${region}"`;
    const published = deps.outputs[`${app}:${stage}:${region}:${service}`];
    if (!published)
      return miss(
        notFound(
          `no outputs are published for service "${service}" in ${where}; ${servicesThere(deps.outputs, app, stage, region, service)}`,
        ),
      );
    if (!Object.hasOwn(published, key)) {
      const names =
        Object.keys(published)
          .map((k) => `"${k}"`)
          .join(", ") || "none";
      return miss(notFound(`service "${service}" in ${where} has no output "${key}" (its outputs: ${names})`));
    }
    const value = walk(published[key], rest);
    if (value === undefined) return miss(notFound(`output "${key}" of service "${service}" in ${where} has no "${rest.join(".")}"`));
    return found(value, true);
  };
}

const notFound = (detail: string) => `Value not found at "output" source: ${detail}`;

function parseAddress(address: string, current: { app: () => string | undefined; stage: () => string; region: () => string }) {
  const parts = address.split(":");
  if (parts.length !== 1 && parts.length !== 4) throw syntaxError(address);
  const [appPart, stagePart, regionPart, target] = parts.length === 1 ? ["", "", "", parts[0]!] : parts;
  const [service, key, ...rest] = target!.split(".");
  if (!service || !key) throw syntaxError(address);
  const app = appPart || current.app();
  if (!app) throw new PropertyFailure(`"\${output:${address}}" needs the current app: set "app:" in the configuration`);
  return { app, stage: stagePart || current.stage(), region: regionPart || current.region(), service, key, rest };
}

function syntaxError(address: string): PropertyFailure {
  return new PropertyFailure(
    `"\${output:${address}}" does not conform to syntax \${output:service.key} or \${output:app:stage:region:service.key}`,
  );
}

function servicesThere(
  outputs: Record<string, Record<string, unknown>>,
  app: string,
  stage: string,
  region: string,
  wanted: string,
): string {
  const prefix = `${app}:${stage}:${region}:`;
  const services = Object.keys(outputs)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  if (services.length === 0) return "no service has published outputs there";
  const close = services.filter((s) => wanted.includes(s) || s.includes(wanted));
  const hint = close.length ? ` — did you mean "${close[0]}"?` : "";
  return `services with outputs there: ${services.map((s) => `"${s}"`).join(", ")}${hint}`;
}
