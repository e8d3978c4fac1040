import type { Cipher } from "../secrets/cipher";
import type { RuntimeConfig } from "./runtime-config";

/**
 * A deployment's runtime config is stored in PostgreSQL; environment values that hold a secret
 * parameter are sealed (encrypted) there and opened only by the runtime when it starts a child.
 */
const SEALED = "sealed:v1:";

export function sealSecrets(config: RuntimeConfig, secrets: string[], cipher: Cipher): RuntimeConfig {
  const values = secrets.filter((s) => s.length > 0);
  const functions: RuntimeConfig["functions"] = {};
  for (const [name, fn] of Object.entries(config.functions)) {
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(fn.environment)) {
      environment[k] = values.some((s) => v.includes(s)) ? SEALED + cipher.encrypt(v) : v;
    }
    functions[name] = { ...fn, environment };
  }
  return { ...config, functions };
}

/** The config with sealed values opened, and those values (to mask them in invocation logs). */
export function openSecrets(config: RuntimeConfig, cipher: Cipher): { config: RuntimeConfig; secrets: string[] } {
  const secrets: string[] = [];
  const functions: RuntimeConfig["functions"] = {};
  for (const [name, fn] of Object.entries(config.functions)) {
    const environment: Record<string, string> = {};
    for (const [k, v] of Object.entries(fn.environment ?? {})) {
      if (typeof v === "string" && v.startsWith(SEALED)) {
        environment[k] = cipher.decrypt(v.slice(SEALED.length));
        secrets.push(environment[k]);
      } else environment[k] = v;
    }
    functions[name] = { ...fn, environment };
  }
  return { config: { ...config, functions }, secrets };
}
