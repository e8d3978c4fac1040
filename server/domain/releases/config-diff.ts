import type { RuntimeConfig } from "../deployments/runtime-config";
import type { Cipher } from "../secrets/cipher";

export interface DeployedConfig {
  config: RuntimeConfig | null;
  params: Record<string, string>;
  outputs: Record<string, unknown>;
  /** Secret values this deployment knew (its sealed environment values, opened). */
  secrets?: string[];
}

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface ConfigChange {
  section: "environment" | "parameter" | "output" | "function";
  key: string;
  change: ChangeKind;
  /** Absent for secrets: those are only said to be changed or unchanged. */
  from?: string | null;
  to?: string | null;
  secret: boolean;
}

/** A deployment's parameters as they were at deploy time ({ cipher } holds { service, stage } encrypted). */
export function readParamsSnapshot(cipher: Cipher, snapshot: unknown): Record<string, string> {
  const stored = (snapshot as { cipher?: unknown } | null)?.cipher;
  if (typeof stored !== "string") return {};
  try {
    const { service = {}, stage = {} } = JSON.parse(cipher.decrypt(stored)) as {
      service?: Record<string, string>;
      stage?: Record<string, string>;
    };
    return { ...service, ...stage };
  } catch {
    return {};
  }
}

const text = (v: unknown) => (v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

function routesOf(config: RuntimeConfig | null) {
  const out: Record<string, string> = {};
  for (const [name, fn] of Object.entries(config?.functions ?? {})) {
    const events = [
      ...fn.http.map((r) => `${r.method} ${r.path}`),
      ...fn.schedules.map((s) => `schedule ${s.expression}${s.enabled ? "" : " (disabled)"}`),
    ];
    out[name] = `${fn.handler}${events.length ? ` · ${events.join(", ")}` : ""}`;
  }
  return out;
}

function envOf(config: RuntimeConfig | null) {
  const out: Record<string, string> = {};
  for (const [name, fn] of Object.entries(config?.functions ?? {})) {
    // Shared provider environment shows once; a function's own value shows under its name.
    for (const [k, v] of Object.entries(fn.environment)) {
      if (out[k] === undefined || out[k] === v) out[k] = v;
      else out[`${name}.${k}`] = v;
    }
  }
  return out;
}

/**
 * What differs between two deployments' resolved configuration: environment (which carries the
 * outputs a service consumes), parameters at deploy time, published outputs, and functions with
 * their routes and schedules. A secret — a key marked secret, or any value equal to a secret
 * parameter's value — is reported only as changed or unchanged, never with its value.
 */
export function diffConfig(from: DeployedConfig, to: DeployedConfig, secretKeys: ReadonlySet<string>): ConfigChange[] {
  const secretValues = [
    ...[from.params, to.params].flatMap((p) =>
      Object.entries(p)
        .filter(([k, v]) => secretKeys.has(k) && v !== "")
        .map(([, v]) => v),
    ),
    ...(from.secrets ?? []),
    ...(to.secrets ?? []),
  ].filter((v) => v.length > 0);
  const holdsSecret = (v: string | null) => v !== null && secretValues.some((s) => v.includes(s));
  const changes: ConfigChange[] = [];
  const compare = (
    section: ConfigChange["section"],
    a: Record<string, unknown>,
    b: Record<string, unknown>,
    keyIsSecret: (k: string) => boolean,
  ) => {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const x = text(a[key]);
      const y = text(b[key]);
      const secret = keyIsSecret(key) || holdsSecret(x) || holdsSecret(y);
      const change: ChangeKind = x === null ? "added" : y === null ? "removed" : x === y ? "unchanged" : "changed";
      if (change === "unchanged" && !secret) continue;
      changes.push(secret ? { section, key, change, secret } : { section, key, change, from: x, to: y, secret });
    }
  };
  compare("environment", envOf(from.config), envOf(to.config), () => false);
  compare("parameter", from.params, to.params, (k) => secretKeys.has(k));
  compare("output", from.outputs, to.outputs, () => false);
  compare("function", routesOf(from.config), routesOf(to.config), () => false);
  return changes;
}
