import { z } from "zod";
import { validateStageName } from "../stages/stage-name";
import { DomainError } from "../errors";
import { validRange } from "semver";

/**
 * The Serverless Framework's safeguard policies and the shape of each one's config. A profile
 * stores a list of { policy, level, config }; configs are parsed here before anything is saved.
 */
const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const region = z.string().regex(REGION_RE, "not an AWS region (e.g. us-east-1)");
const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1, "list at least one");
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export const POLICY_SCHEMAS = {
  "no-secret-env-vars": z.object({}).strict(),
  "allowed-regions": nonEmptyList(region),
  "allowed-stages": nonEmptyList(z.string().min(1).max(100)),
  // A list of runtimes, or (as documented) one regular expression they must match.
  "allowed-runtimes": z.union([
    nonEmptyList(
      z.string().regex(/^[a-z]+[0-9.]*(\.x|\.al2|\.al2023)?$|^provided(\.al2|\.al2023)?$/, "not a Lambda runtime (e.g. nodejs20.x)"),
    ),
    z
      .string()
      .min(1)
      .max(200)
      .refine((s) => regexOrNull(s) !== null, "not a regular expression"),
  ]),
  "restricted-deploy-times": nonEmptyList(
    z
      .object({
        time: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO 8601 date-time"),
        duration: z.string().regex(ISO_DURATION, "not an ISO 8601 duration (e.g. P1D)"),
        interval: z.string().regex(ISO_DURATION, "not an ISO 8601 duration (e.g. P1W)").optional(),
      })
      .strict(),
  ),
  "require-description": z
    .object({ minLength: z.number().int().min(0).optional(), maxLength: z.number().int().min(1).optional() })
    .strict()
    .refine((c) => c.minLength === undefined || c.maxLength === undefined || c.minLength <= c.maxLength, "minLength is above maxLength"),
  "no-wild-iam-role-statements": z.object({}).strict(),
  "framework-version": z
    .string()
    .min(1)
    .max(200)
    .refine((r) => validRange(r) !== null, "not a semver range (e.g. >=3.0.0 <4.0.0)"),
  "require-dlq": z.object({}).strict(),
  "required-stack-tags": nonEmptyList(z.string().min(1).max(128)),
  "allowed-function-names": z.string().min(1).max(200),
  "require-cfn-role": z.object({}).strict(),
  "require-global-vpc": z.object({ minNumSubnets: z.number().int().min(1).max(16).optional() }).strict(),
  "forbid-s3-http-access": z.object({}).strict(),
} as const;

export type PolicyName = keyof typeof POLICY_SCHEMAS;
export const POLICY_NAMES = Object.keys(POLICY_SCHEMAS) as PolicyName[];
export type SafeguardLevelName = "WARNING" | "ERROR";

export interface SafeguardInput {
  policy: string;
  level: string;
  config: unknown;
}
export interface Safeguard {
  policy: PolicyName;
  level: SafeguardLevelName;
  config: unknown;
}

/** A starting config per policy, shown when an admin adds it. */
export const POLICY_EXAMPLES: Record<PolicyName, unknown> = {
  "no-secret-env-vars": {},
  "allowed-regions": ["us-east-1"],
  "allowed-stages": ["dev", "staging", "prod"],
  "allowed-runtimes": ["nodejs20.x"],
  "restricted-deploy-times": [{ time: "2026-12-24T00:00:00Z", duration: "P2D", interval: "P1Y" }],
  "require-description": { minLength: 30, maxLength: 256 },
  "no-wild-iam-role-statements": {},
  "framework-version": ">=3.0.0 <4.0.0",
  "require-dlq": {},
  "required-stack-tags": ["team"],
  "allowed-function-names": "${SERVICE}-${STAGE}-${FUNCTION}",
  "require-cfn-role": {},
  "require-global-vpc": { minNumSubnets: 2 },
  "forbid-s3-http-access": {},
};

/** Parses a list of safeguards, or throws BAD_INPUT naming the field (`safeguards.2.config`). */
export function parseSafeguards(list: SafeguardInput[]): Safeguard[] {
  const seen = new Set<string>();
  return list.map((s, i) => {
    if (!(s.policy in POLICY_SCHEMAS)) {
      throw new DomainError(
        "BAD_INPUT",
        `"${s.policy}" is not a safeguard policy. Use one of: ${POLICY_NAMES.join(", ")}.`,
        `safeguards.${i}.policy`,
      );
    }
    if (seen.has(s.policy)) throw new DomainError("BAD_INPUT", `"${s.policy}" is listed twice.`, `safeguards.${i}.policy`);
    seen.add(s.policy);
    if (s.level !== "WARNING" && s.level !== "ERROR") {
      throw new DomainError("BAD_INPUT", "The enforcement level is either warning or error.", `safeguards.${i}.level`);
    }
    const policy = s.policy as PolicyName;
    const parsed = POLICY_SCHEMAS[policy].safeParse(s.config ?? (policy in NO_CONFIG ? {} : undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      throw new DomainError(
        "BAD_INPUT",
        `${policy} config${where}: ${issue?.message ?? "wrong shape"}. Example: ${JSON.stringify(POLICY_EXAMPLES[policy])}`,
        `safeguards.${i}.config`,
      );
    }
    if (policy === "allowed-stages") {
      for (const stage of parsed.data as string[]) {
        if (!isPattern(stage) && validateStageName(stage)) {
          throw new DomainError("BAD_INPUT", `allowed-stages: "${stage}" is not a valid stage name.`, `safeguards.${i}.config`);
        }
      }
    }
    return { policy, level: s.level, config: parsed.data };
  });
}

const NO_CONFIG = {
  "no-secret-env-vars": 1,
  "no-wild-iam-role-statements": 1,
  "require-dlq": 1,
  "require-description": 1,
  "require-cfn-role": 1,
  "require-global-vpc": 1,
  "forbid-s3-http-access": 1,
};

/** A whole-string regular expression, or null when the source does not compile. */
export function regexOrNull(source: string): RegExp | null {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return null;
  }
}

/** An allowed-stages entry with regex characters is a pattern (as in the Serverless Framework). */
export function isPattern(entry: string): boolean {
  return /[\\^$.*+?()[\]{}|]/.test(entry);
}
