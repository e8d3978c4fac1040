import { isPattern, type PolicyName, type Safeguard, type SafeguardLevelName } from "./policies";
import { satisfiesRange } from "./semver-range";

export interface SafeguardResult {
  policy: PolicyName;
  level: SafeguardLevelName;
  passed: boolean;
  message: string;
}

export interface SafeguardSubject {
  /** The resolved serverless.yml (variables already substituted). */
  config: Record<string, unknown>;
  stage: string;
  region: string;
  now: Date;
  /** The Serverless Framework version Slipway deploys with; defaults to config.frameworkVersion. */
  frameworkVersion?: string;
  /** Secret parameter values: an environment variable holding one of them in clear fails no-secret-env-vars. */
  secrets?: string[];
}

type Fn = { name?: string; description?: string; runtime?: string; environment?: Record<string, unknown>; events?: unknown[]; onError?: string; destinations?: { onFailure?: unknown } };
type Check = (config: unknown, s: SafeguardSubject) => string | null;

/** Checks a resolved service config against a profile's safeguards; pure, so a build step and the UI can both run it. */
export function evaluateSafeguards(safeguards: Safeguard[], subject: SafeguardSubject): SafeguardResult[] {
  return safeguards.map((sg) => {
    const failure = CHECKS[sg.policy](sg.config, subject);
    return { policy: sg.policy, level: sg.level, passed: failure === null, message: failure ?? PASS[sg.policy] };
  });
}

const provider = (s: SafeguardSubject) => (s.config.provider ?? {}) as Record<string, unknown>;
const functions = (s: SafeguardSubject) => Object.entries((s.config.functions ?? {}) as Record<string, Fn>);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const SECRET_NAME = /(secret|password|passwd|token|api_?key|private_?key|credential)/i;
const AWS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

const CHECKS: Record<PolicyName, Check> = {
  "no-secret-env-vars": (_c, s) => {
    const envs: Array<[string, Record<string, unknown>]> = [["provider", (provider(s).environment ?? {}) as Record<string, unknown>]];
    for (const [name, fn] of functions(s)) envs.push([`function ${name}`, fn.environment ?? {}]);
    for (const [where, env] of envs) {
      for (const [k, v] of Object.entries(env)) {
        const value = String(v ?? "");
        if (AWS_KEY.test(value) || (s.secrets ?? []).some((x) => x.length > 0 && value.includes(x))) {
          return `${where} environment variable ${k} holds a secret in clear; read it at runtime instead.`;
        }
        if (SECRET_NAME.test(k) && value.length >= 8 && !/^arn:|^\$\{/.test(value)) {
          return `${where} environment variable ${k} looks like a secret in clear; read it at runtime instead.`;
        }
      }
    }
    return null;
  },
  "allowed-regions": (c, s) => ((c as string[]).includes(s.region) ? null : `Region ${s.region} is not allowed (allowed: ${(c as string[]).join(", ")}).`),
  "allowed-stages": (c, s) =>
    (c as string[]).some((e) => e === s.stage || (isPattern(e) && safeRegex(e)?.test(s.stage)))
      ? null
      : `Stage ${s.stage} is not allowed (allowed: ${(c as string[]).join(", ")}).`,
  "allowed-runtimes": (c, s) => {
    const allowed = c as string[];
    const base = provider(s).runtime as string | undefined;
    if (base && !allowed.includes(base)) return `Runtime ${base} is not allowed (allowed: ${allowed.join(", ")}).`;
    for (const [name, fn] of functions(s)) {
      const rt = fn.runtime ?? base;
      if (rt && !allowed.includes(rt)) return `Function ${name} uses runtime ${rt}, which is not allowed.`;
    }
    return null;
  },
  "restricted-deploy-times": (c, s) => {
    for (const w of c as Array<{ time: string; duration: string; interval?: string }>) {
      if (inWindow(s.now, Date.parse(w.time), durationMs(w.duration), w.interval ? durationMs(w.interval) : 0)) {
        return `Deploys are not allowed now: a restricted window starts ${w.time} and lasts ${w.duration}${w.interval ? `, every ${w.interval}` : ""}.`;
      }
    }
    return null;
  },
  "require-description": (c, s) => {
    const { minLength = 1, maxLength = 256 } = c as { minLength?: number; maxLength?: number };
    for (const [name, fn] of functions(s)) {
      const len = (fn.description ?? "").length;
      if (len < minLength) return `Function ${name} needs a description of at least ${minLength} characters.`;
      if (len > maxLength) return `Function ${name}'s description is longer than ${maxLength} characters.`;
    }
    return null;
  },
  "no-wild-iam-role-statements": (_c, s) => {
    const p = provider(s);
    const iam = (p.iam ?? {}) as { role?: { statements?: unknown[] } };
    const statements = [...list(p.iamRoleStatements), ...list(iam.role?.statements)] as Array<{ Action?: unknown; Resource?: unknown; Effect?: string }>;
    for (const st of statements) {
      if (st.Effect === "Deny") continue;
      if (list(st.Action).some((a) => a === "*" || a === "*:*")) return "An IAM role statement allows every action (Action: \"*\").";
      if (list(st.Resource).some((r) => r === "*") && list(st.Action).some((a) => typeof a === "string" && a.endsWith(":*"))) {
        return "An IAM role statement allows every action of a service on every resource.";
      }
    }
    return null;
  },
  "framework-version": (c, s) => {
    const version = s.frameworkVersion ?? (typeof s.config.frameworkVersion === "string" ? s.config.frameworkVersion : undefined);
    if (!version) return `The framework version is unknown; it must satisfy ${c}.`;
    return satisfiesRange(version, c as string) ? null : `Framework version ${version} does not satisfy ${c}.`;
  },
  "require-dlq": (_c, s) => {
    for (const [name, fn] of functions(s)) {
      const async = list(fn.events).some((e) => e && typeof e === "object" && !("http" in e) && !("httpApi" in e) && !("alb" in e));
      if (async && !fn.onError && !fn.destinations?.onFailure) return `Function ${name} has asynchronous events but no dead letter queue (onError or destinations.onFailure).`;
    }
    return null;
  },
  "required-stack-tags": (c, s) => {
    const tags = (provider(s).stackTags ?? {}) as Record<string, unknown>;
    const missing = (c as string[]).filter((t) => !(t in tags));
    return missing.length ? `Missing stack tag(s): ${missing.join(", ")}.` : null;
  },
  "allowed-function-names": (c, s) => {
    const service = typeof s.config.service === "string" ? s.config.service : String((s.config.service as { name?: string })?.name ?? "");
    for (const [key, fn] of functions(s)) {
      const expected = (c as string).replaceAll("${SERVICE}", service).replaceAll("${STAGE}", s.stage).replaceAll("${FUNCTION}", key);
      const actual = fn.name ?? `${service}-${s.stage}-${key}`;
      if (actual !== expected) return `Function ${key} is named ${actual}; expected ${expected}.`;
    }
    return null;
  },
};

const PASS: Record<PolicyName, string> = {
  "no-secret-env-vars": "No secrets in environment variables.",
  "allowed-regions": "The region is allowed.",
  "allowed-stages": "The stage is allowed.",
  "allowed-runtimes": "Every runtime is allowed.",
  "restricted-deploy-times": "Deploys are allowed now.",
  "require-description": "Every function has a description.",
  "no-wild-iam-role-statements": "No wildcard IAM statements.",
  "framework-version": "The framework version is allowed.",
  "require-dlq": "Every asynchronous function has a dead letter queue.",
  "required-stack-tags": "Every required stack tag is set.",
  "allowed-function-names": "Every function name follows the pattern.",
};

function safeRegex(source: string): RegExp | null {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return null;
  }
}

/** Milliseconds of an ISO 8601 duration (months as 30 days, years as 365: windows, not calendars). */
export function durationMs(iso: string): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return 0;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((((y * 365 + mo * 30 + w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

function inWindow(now: Date, start: number, duration: number, interval: number): boolean {
  const t = now.getTime();
  if (t < start) return false;
  const offset = interval > 0 ? (t - start) % interval : t - start;
  return offset < duration;
}
