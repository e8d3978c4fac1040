import { coerce, satisfies, valid } from "semver";
import { isPattern, regexOrNull, type PolicyName, type Safeguard, type SafeguardLevelName } from "./policies";

export interface SafeguardResult {
  policy: PolicyName;
  level: SafeguardLevelName;
  passed: boolean;
  /** On failure: the path in serverless.yml and the value that broke the policy (`provider.runtime is "python3.12"`). */
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

type Fn = {
  name?: string;
  description?: string;
  runtime?: string;
  environment?: Record<string, unknown>;
  events?: unknown[];
  onError?: string;
  destinations?: { onFailure?: unknown };
  vpc?: Vpc;
};
type Vpc = { securityGroupIds?: unknown[]; subnetIds?: unknown[] };
type Check = (config: unknown, s: SafeguardSubject) => string | null;

/** Checks a resolved service config against a profile's safeguards; pure, so a build step and the UI can both run it. */
export function evaluateSafeguards(safeguards: Safeguard[], subject: SafeguardSubject): SafeguardResult[] {
  return safeguards.map((sg) => {
    const failure = CHECKS[sg.policy](sg.config, subject);
    return { policy: sg.policy, level: sg.level, passed: failure === null, message: failure ?? PASS[sg.policy] };
  });
}

/** `no-wild-iam-role-statements: provider.iamRoleStatements[0].Action is "*"` — what a build's failure says. */
export const describeFailure = (r: SafeguardResult) => `${r.policy}: ${r.message}`;

const provider = (s: SafeguardSubject) => (s.config.provider ?? {}) as Record<string, unknown>;
const functions = (s: SafeguardSubject) => Object.entries((s.config.functions ?? {}) as Record<string, Fn>);
const resources = (s: SafeguardSubject) =>
  Object.entries(
    ((s.config.resources as { Resources?: unknown } | undefined)?.Resources ?? {}) as Record<
      string,
      { Type?: string; Properties?: Record<string, unknown> }
    >,
  );
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);
/** `path is value`, with the path indexed into a list when the value came from one. */
const at = (path: string, value: unknown, i: number | null) => `${path}${i === null ? "" : `[${i}]`} is ${show(value)}`;
const SECRET_NAME = /(secret|password|passwd|token|api_?key|private_?key|credential)/i;
const AWS_KEY = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/;
/** Events Lambda invokes asynchronously (as the safeguard documents them): a failure is lost without a DLQ. */
const ASYNC_EVENTS = [
  "s3",
  "sns",
  "alexaSkill",
  "iot",
  "cloudwatchEvent",
  "cloudwatchLog",
  "cognitoUserPool",
  "alexaHomeSkill",
  "schedule",
  "eventBridge",
];

const CHECKS: Record<PolicyName, Check> = {
  "no-secret-env-vars": (_c, s) => {
    const envs: Array<[string, Record<string, unknown>]> = [
      ["provider.environment", (provider(s).environment ?? {}) as Record<string, unknown>],
    ];
    for (const [name, fn] of functions(s)) envs.push([`functions.${name}.environment`, fn.environment ?? {}]);
    for (const [where, env] of envs) {
      for (const [k, v] of Object.entries(env)) {
        const value = String(v ?? "");
        // The value itself is a secret: name the variable, never print it.
        if (AWS_KEY.test(value) || (s.secrets ?? []).some((x) => x.length > 0 && value.includes(x)))
          return `${where}.${k} holds a credential in clear; read it at runtime instead.`;
        if (SECRET_NAME.test(k) && value.length >= 8 && !/^arn:|^\$\{/.test(value))
          return `${where}.${k} looks like a credential in clear; read it at runtime instead.`;
      }
    }
    return null;
  },
  "allowed-regions": (c, s) =>
    (c as string[]).includes(s.region) ? null : `provider.region is ${show(s.region)}; allowed: ${(c as string[]).join(", ")}.`,
  "allowed-stages": (c, s) =>
    (c as string[]).some((e) => e === s.stage || (isPattern(e) && regexOrNull(e)?.test(s.stage)))
      ? null
      : `provider.stage is ${show(s.stage)}; allowed: ${(c as string[]).join(", ")}.`,
  "allowed-runtimes": (c, s) => {
    const ok = typeof c === "string" ? (rt: string) => regexOrNull(c)?.test(rt) === true : (rt: string) => (c as string[]).includes(rt);
    const allowed = typeof c === "string" ? `matching /${c}/` : (c as string[]).join(", ");
    const base = provider(s).runtime as string | undefined;
    if (base && !ok(base)) return `provider.runtime is ${show(base)}; allowed: ${allowed}.`;
    for (const [name, fn] of functions(s))
      if (fn.runtime && !ok(fn.runtime)) return `functions.${name}.runtime is ${show(fn.runtime)}; allowed: ${allowed}.`;
    return null;
  },
  "restricted-deploy-times": (c, s) => {
    for (const [i, w] of (c as Array<{ time: string; duration: string; interval?: string }>).entries()) {
      if (inWindow(s.now, Date.parse(w.time), durationMs(w.duration), w.interval ? durationMs(w.interval) : 0)) {
        return `now (${s.now.toISOString()}) is inside restricted window ${i}: from ${w.time} for ${w.duration}${w.interval ? `, every ${w.interval}` : ""}.`;
      }
    }
    return null;
  },
  "require-description": (c, s) => {
    const { minLength = 30, maxLength = 256 } = c as { minLength?: number; maxLength?: number };
    for (const [name, fn] of functions(s)) {
      const len = (fn.description ?? "").length;
      if (len < minLength)
        return `functions.${name}.description is ${show(fn.description ?? "")} (${len} characters; at least ${minLength}).`;
      if (len > maxLength) return `functions.${name}.description has ${len} characters (at most ${maxLength}).`;
    }
    return null;
  },
  "no-wild-iam-role-statements": (_c, s) => {
    const p = provider(s);
    const iam = (p.iam ?? {}) as { role?: { statements?: unknown[] } };
    const lists: Array<[string, unknown[]]> = [
      ["provider.iamRoleStatements", list(p.iamRoleStatements)],
      ["provider.iam.role.statements", list(iam.role?.statements)],
    ];
    for (const [path, statements] of lists) {
      for (const [i, st] of (statements as Array<{ Action?: unknown; Resource?: unknown; Effect?: string }>).entries()) {
        if (st?.Effect === "Deny") continue;
        const actions = list(st?.Action);
        const bad = actions.findIndex((a) => a === "*" || (typeof a === "string" && a.split(":")[1] === "*"));
        if (bad >= 0) return at(`${path}[${i}].Action`, actions[bad], Array.isArray(st.Action) ? bad : null);
        const res = list(st?.Resource);
        const badRes = res.findIndex((r) => r === "*");
        if (badRes >= 0) return at(`${path}[${i}].Resource`, res[badRes], Array.isArray(st.Resource) ? badRes : null);
      }
    }
    return null;
  },
  "framework-version": (c, s) => {
    const declared = s.frameworkVersion ?? (typeof s.config.frameworkVersion === "string" ? s.config.frameworkVersion : undefined);
    if (!declared) return `frameworkVersion is not set; it must satisfy ${show(c)}.`;
    // serverless.yml may itself hold a range (frameworkVersion: "3"): judge its lowest version.
    const version = valid(declared) ?? coerce(declared)?.version ?? null;
    if (!version) return `frameworkVersion is ${show(declared)}, not a version; it must satisfy ${show(c)}.`;
    return satisfies(version, c as string) ? null : `frameworkVersion is ${show(declared)}; it must satisfy ${show(c)}.`;
  },
  "require-dlq": (_c, s) => {
    for (const [name, fn] of functions(s)) {
      const events = list(fn.events);
      const async =
        events.length === 0 || events.some((e) => e && typeof e === "object" && Object.keys(e).some((k) => ASYNC_EVENTS.includes(k)));
      if (async && !fn.onError && !fn.destinations?.onFailure)
        return `functions.${name}.onError is not set (an asynchronously invoked function needs a dead letter queue or destinations.onFailure).`;
    }
    return null;
  },
  "required-stack-tags": (c, s) => {
    const tags = (provider(s).stackTags ?? {}) as Record<string, unknown>;
    const missing = (c as string[]).filter((t) => !(t in tags));
    return missing.length ? `provider.stackTags has no ${missing.map((m) => show(m)).join(", ")}.` : null;
  },
  "allowed-function-names": (c, s) => {
    const service = typeof s.config.service === "string" ? s.config.service : String((s.config.service as { name?: string })?.name ?? "");
    for (const [key, fn] of functions(s)) {
      const expected = (c as string).replaceAll("${SERVICE}", service).replaceAll("${STAGE}", s.stage).replaceAll("${FUNCTION}", key);
      const actual = fn.name ?? `${service}-${s.stage}-${key}`;
      if (actual !== expected) return `functions.${key}.name is ${show(actual)}; expected ${show(expected)}.`;
    }
    return null;
  },
  "require-cfn-role": (_c, s) => {
    const p = provider(s);
    const role = p.cfnRole ?? (p.iam as { deploymentRole?: unknown } | undefined)?.deploymentRole;
    return role ? null : "provider.cfnRole is not set (CloudFormation must deploy with a role of its own).";
  },
  "require-global-vpc": (c, s) => {
    const { minNumSubnets = 2 } = c as { minNumSubnets?: number };
    const global = provider(s).vpc as Vpc | undefined;
    for (const [name, fn] of functions(s)) {
      const vpc = fn.vpc ?? global;
      const where = fn.vpc ? `functions.${name}.vpc` : "provider.vpc";
      if (!vpc || !list(vpc.securityGroupIds).length || !list(vpc.subnetIds).length)
        return `${where} is not set for function ${name} (it needs securityGroupIds and subnetIds).`;
      if (list(vpc.subnetIds).length < minNumSubnets)
        return `${where}.subnetIds has ${list(vpc.subnetIds).length} subnet(s) for function ${name}; at least ${minNumSubnets}.`;
    }
    return null;
  },
  "forbid-s3-http-access": (_c, s) => {
    const all = resources(s);
    const policies = all.filter(([, r]) => r?.Type === "AWS::S3::BucketPolicy").map(([, r]) => r.Properties ?? {});
    for (const [logicalId, r] of all) {
      if (r?.Type !== "AWS::S3::Bucket") continue;
      const denied = policies.some((p) => refersTo(p.Bucket, logicalId) && deniesHttp(p.PolicyDocument));
      if (!denied) return `resources.Resources.${logicalId} has no bucket policy denying aws:SecureTransport "false" (plain HTTP access).`;
    }
    return null;
  },
};

const refersTo = (v: unknown, logicalId: string) => (v as { Ref?: string } | undefined)?.Ref === logicalId || v === logicalId;
function deniesHttp(doc: unknown): boolean {
  return list((doc as { Statement?: unknown } | undefined)?.Statement).some((st) => {
    const { Effect, Condition } = (st ?? {}) as { Effect?: string; Condition?: { Bool?: Record<string, unknown> } };
    return Effect === "Deny" && String(Condition?.Bool?.["aws:SecureTransport"]) === "false";
  });
}

const PASS: Record<PolicyName, string> = {
  "no-secret-env-vars": "No credentials in environment variables.",
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
  "require-cfn-role": "A CloudFormation deployment role is set.",
  "require-global-vpc": "Every function runs in a VPC.",
  "forbid-s3-http-access": "Every bucket refuses plain HTTP.",
};

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
