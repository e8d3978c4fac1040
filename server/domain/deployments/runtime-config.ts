import { toRepeat } from "./schedule-expression";

export type Cors = boolean | { origins?: string[]; headers?: string[] };
export interface HttpRoute {
  kind: "http" | "httpApi";
  method: string;
  path: string;
  cors: Cors;
}
export interface Schedule {
  expression: string;
  enabled: boolean;
  input?: unknown;
}
export interface RuntimeFunction {
  handler: string;
  timeoutSeconds: number;
  environment: Record<string, string>;
  http: HttpRoute[];
  schedules: Schedule[];
}
/** What the local runtime serves for one deployment; stored as Deployment.config. */
export interface RuntimeConfig {
  service: string;
  functions: Record<string, RuntimeFunction>;
  /** The local cloud account whose tables and buckets the functions reach (set by the local target). */
  cloud?: { accountId: string };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads a *resolved* serverless.yml (variables already substituted) into what the runtime serves. */
export function toRuntimeConfig(resolved: Obj): RuntimeConfig {
  const service = isObj(resolved.service) ? resolved.service.name : resolved.service;
  if (typeof service !== "string" || !service) throw new Error("serverless.yml has no 'service' name");
  const provider = isObj(resolved.provider) ? resolved.provider : {};
  const fns = resolved.functions ?? {};
  if (!isObj(fns)) throw new Error("'functions' must be a map of function name to definition");
  const httpApiCors = corsOf(isObj(provider.httpApi) ? provider.httpApi.cors : undefined, "provider.httpApi");

  const functions: Record<string, RuntimeFunction> = {};
  for (const [name, def] of Object.entries(fns)) {
    if (!isObj(def)) throw new Error(`Function '${name}' must be an object`);
    if (typeof def.handler !== "string" || !def.handler.includes(".")) {
      throw new Error(`Function '${name}' needs a 'handler' like 'index.main' (file.export); the local target cannot run images`);
    }
    const timeout = def.timeout ?? provider.timeout ?? 6;
    if (typeof timeout !== "number" || !(timeout > 0)) throw new Error(`Function '${name}': timeout must be a positive number of seconds`);
    const fn: RuntimeFunction = {
      handler: def.handler,
      timeoutSeconds: timeout,
      environment: {
        ...stringify(provider.environment, "provider.environment"),
        ...stringify(def.environment, `function '${name}' environment`),
      },
      http: [],
      schedules: [],
    };
    const events = def.events ?? [];
    if (!Array.isArray(events)) throw new Error(`Function '${name}': 'events' must be a list`);
    events.forEach((event, i) => {
      const where = `function '${name}' event #${i + 1}`;
      if (!isObj(event) || Object.keys(event).length !== 1)
        throw new Error(`${where} must be a single-key object like '- http: GET /path'`);
      const [kind, value] = Object.entries(event)[0];
      if (kind === "http") fn.http.push(httpEvent(value, where));
      else if (kind === "httpApi") fn.http.push({ ...httpApiEvent(value, where), cors: httpApiCors });
      else if (kind === "schedule") fn.schedules.push(...scheduleEvents(value, where));
      // Other event kinds (sqs, s3, ...) have no source on the local target; they are not served.
    });
    functions[name] = fn;
  }
  return { service, functions };
}

/** `index.submit` → module `index` + export `submit`; `src/api.v2.main` → `src/api.v2` + `main`. */
export function handlerFile(handler: string): { module: string; exportName: string } {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || dot === handler.length - 1) throw new Error(`Handler '${handler}' must look like 'file.export'`);
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

function stringify(env: unknown, where: string): Record<string, string> {
  if (env === undefined || env === null) return {};
  if (!isObj(env)) throw new Error(`${where} must be a map of names to values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

const normMethod = (m: unknown, where: string): string => {
  if (typeof m !== "string" || !/^(\*|[a-z]+)$/i.test(m)) throw new Error(`${where}: method must be GET, POST, ..., ANY or *`);
  return m === "*" ? "ANY" : m.toUpperCase();
};
const normPath = (p: unknown, where: string): string => {
  if (typeof p !== "string") throw new Error(`${where}: path must be a string`);
  return p === "*" ? "*" : `/${p.replace(/^\/+/, "")}`;
};

function httpEvent(value: unknown, where: string): HttpRoute {
  if (typeof value === "string") {
    const [method, path, extra] = value.trim().split(/\s+/);
    if (!path || extra) throw new Error(`${where}: expected 'METHOD path', got '${value}'`);
    return { kind: "http", method: normMethod(method, where), path: normPath(path, where), cors: false };
  }
  if (!isObj(value)) throw new Error(`${where}: http must be 'METHOD path' or { method, path }`);
  return { kind: "http", method: normMethod(value.method, where), path: normPath(value.path, where), cors: corsOf(value.cors, where) };
}

function httpApiEvent(value: unknown, where: string): Omit<HttpRoute, "cors"> {
  if (value === "*") return { kind: "httpApi", method: "ANY", path: "*" };
  if (typeof value === "string") {
    const [method, path, extra] = value.trim().split(/\s+/);
    if (!path || extra) throw new Error(`${where}: expected 'METHOD /path' or '*', got '${value}'`);
    return { kind: "httpApi", method: normMethod(method, where), path: normPath(path, where) };
  }
  if (!isObj(value)) throw new Error(`${where}: httpApi must be 'METHOD /path' or { method, path }`);
  return { kind: "httpApi", method: normMethod(value.method ?? "*", where), path: normPath(value.path ?? "*", where) };
}

function corsOf(value: unknown, where: string): Cors {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  if (!isObj(value)) throw new Error(`${where}: cors must be true or an object`);
  const list = (v: unknown) => (typeof v === "string" ? [v] : Array.isArray(v) ? v.map(String) : undefined);
  // http events say origin/origins/headers; provider.httpApi.cors says allowedOrigins/allowedHeaders.
  const origins = list(value.origins ?? value.origin ?? value.allowedOrigins);
  const headers = list(value.headers ?? value.allowedHeaders);
  return { ...(origins && { origins }), ...(headers && { headers }) };
}

function scheduleEvents(value: unknown, where: string): Schedule[] {
  const obj = typeof value === "string" ? { rate: value } : value;
  if (!isObj(obj)) throw new Error(`${where}: schedule must be 'rate(...)', 'cron(...)' or { rate, enabled, input }`);
  const rates = Array.isArray(obj.rate) ? obj.rate : [obj.rate];
  if (rates.length === 0 || rates.some((r) => typeof r !== "string")) throw new Error(`${where}: schedule needs a rate`);
  if (obj.enabled !== undefined && typeof obj.enabled !== "boolean") throw new Error(`${where}: enabled must be true or false`);
  return (rates as string[]).map((expression) => {
    try {
      toRepeat(expression);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    return { expression, enabled: obj.enabled !== false, ...(obj.input !== undefined && { input: obj.input }) };
  });
}
