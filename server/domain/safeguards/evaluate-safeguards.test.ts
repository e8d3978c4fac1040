import { describe, expect, it } from "vitest";
import { evaluateSafeguards, durationMs, type SafeguardSubject } from "./evaluate-safeguards";
import { parseSafeguards, type SafeguardInput } from "./policies";
import { satisfiesRange } from "./semver-range";

const base = (over: Partial<SafeguardSubject> = {}): SafeguardSubject => ({
  config: {
    service: "restapi",
    frameworkVersion: "3.38.0",
    provider: { name: "aws", runtime: "nodejs20.x", environment: { TABLE: "submissions-dev" }, stackTags: { team: "web" } },
    functions: {
      hello: { handler: "handler.hello", description: "Says hello to callers", events: [{ http: { path: "/", method: "get" } }] },
    },
  },
  stage: "dev",
  region: "us-east-1",
  now: new Date("2026-06-01T12:00:00Z"),
  ...over,
});

const run = (policy: string, config: unknown, subject = base(), level = "ERROR") =>
  evaluateSafeguards(parseSafeguards([{ policy, level, config } as SafeguardInput]), subject)[0];

describe("evaluateSafeguards", () => {
  it.each([
    ["allowed-regions", ["us-east-1"], true],
    ["allowed-regions", ["eu-west-1"], false],
    ["allowed-stages", ["dev", "prod"], true],
    ["allowed-stages", ["prod"], false],
    ["allowed-stages", ["feature-.*"], false],
    ["allowed-runtimes", ["nodejs20.x"], true],
    ["allowed-runtimes", ["python3.12"], false],
    ["require-description", { minLength: 5 }, true],
    ["require-description", { minLength: 50 }, false],
    ["framework-version", ">=3.0.0 <4.0.0", true],
    ["framework-version", "^4.0.0", false],
    ["required-stack-tags", ["team"], true],
    ["required-stack-tags", ["team", "costCenter"], false],
    ["allowed-function-names", "${SERVICE}-${STAGE}-${FUNCTION}", true],
    ["allowed-function-names", "acme-${SERVICE}-${STAGE}-${FUNCTION}", false],
    ["no-secret-env-vars", {}, true],
    ["no-wild-iam-role-statements", {}, true],
    ["require-dlq", {}, true],
  ])("%s %j → passed=%s", (policy, config, passed) => {
    const r = run(policy, config);
    expect(r.passed).toBe(passed);
    expect(r.message.length).toBeGreaterThan(5);
  });

  it("keeps the enforcement level and policy name", () => {
    expect(run("allowed-regions", ["eu-west-1"], base(), "WARNING")).toMatchObject({ policy: "allowed-regions", level: "WARNING", passed: false });
  });

  it("matches stage patterns as whole names", () => {
    expect(run("allowed-stages", ["feature-.*"], base({ stage: "feature-login" })).passed).toBe(true);
    expect(run("allowed-stages", ["feature-.*"], base({ stage: "x-feature-login" })).passed).toBe(false);
  });

  it("finds secrets in environment variables: AWS keys, known secret values, secret-looking names", () => {
    const withEnv = (environment: Record<string, string>) => base({ config: { ...base().config, provider: { environment } }, secrets: ["dev-key-7f3a9c"] });
    expect(run("no-secret-env-vars", {}, withEnv({ KEY: "AKIAABCDEFGHIJKLMNOP" })).passed).toBe(false);
    expect(run("no-secret-env-vars", {}, withEnv({ API: "dev-key-7f3a9c" })).passed).toBe(false);
    expect(run("no-secret-env-vars", {}, withEnv({ DB_PASSWORD: "hunter2hunter2" })).passed).toBe(false);
    expect(run("no-secret-env-vars", {}, withEnv({ DB_PASSWORD_ARN: "arn:aws:ssm:us-east-1:1:parameter/x" })).passed).toBe(true);
  });

  it("rejects wildcard IAM statements, in both the old and new syntax", () => {
    const cfg = (p: Record<string, unknown>) => base({ config: { ...base().config, provider: p } });
    expect(run("no-wild-iam-role-statements", {}, cfg({ iamRoleStatements: [{ Effect: "Allow", Action: "*", Resource: "arn:x" }] })).passed).toBe(false);
    expect(run("no-wild-iam-role-statements", {}, cfg({ iam: { role: { statements: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] } } })).passed).toBe(false);
    expect(run("no-wild-iam-role-statements", {}, cfg({ iam: { role: { statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] } } })).passed).toBe(true);
  });

  it("requires a DLQ only for asynchronous functions", () => {
    const fns = (functions: Record<string, unknown>) => base({ config: { ...base().config, functions } });
    expect(run("require-dlq", {}, fns({ cron: { handler: "h", events: [{ schedule: "rate(1 hour)" }] } })).passed).toBe(false);
    expect(run("require-dlq", {}, fns({ cron: { handler: "h", onError: "arn:aws:sns:x", events: [{ schedule: "rate(1 hour)" }] } })).passed).toBe(true);
  });

  it("blocks deploys inside a restricted window, including repeating ones", () => {
    const window = [{ time: "2026-01-05T00:00:00Z", duration: "P1D", interval: "P1W" }];
    expect(run("restricted-deploy-times", window, base({ now: new Date("2026-06-01T12:00:00Z") })).passed).toBe(false); // a Monday
    expect(run("restricted-deploy-times", window, base({ now: new Date("2026-06-02T12:00:00Z") })).passed).toBe(true);
    expect(run("restricted-deploy-times", [{ time: "2027-01-01T00:00:00Z", duration: "PT2H" }]).passed).toBe(true);
  });

  it("reads ISO durations", () => {
    expect(durationMs("PT2H")).toBe(7_200_000);
    expect(durationMs("P1W")).toBe(7 * 86_400_000);
  });
});

describe("parseSafeguards", () => {
  it.each([
    [{ policy: "allowed-regions", level: "ERROR", config: "us-east-1" }, "safeguards.0.config"],
    [{ policy: "allowed-regions", level: "ERROR", config: ["mars-1"] }, "safeguards.0.config"],
    [{ policy: "allowed-stages", level: "ERROR", config: ["bad stage"] }, "safeguards.0.config"],
    [{ policy: "restricted-deploy-times", level: "ERROR", config: [{ time: "soon", duration: "P1D" }] }, "safeguards.0.config"],
    [{ policy: "framework-version", level: "ERROR", config: { range: "3" } }, "safeguards.0.config"],
    [{ policy: "no-such-policy", level: "ERROR", config: {} }, "safeguards.0.policy"],
    [{ policy: "require-dlq", level: "FATAL", config: {} }, "safeguards.0.level"],
  ])("rejects %j on %s", (input, field) => {
    expect(() => parseSafeguards([input])).toThrow(expect.objectContaining({ code: "BAD_INPUT", field }));
  });

  it("rejects a policy listed twice", () => {
    const sg = { policy: "require-dlq", level: "ERROR", config: {} };
    expect(() => parseSafeguards([sg, sg])).toThrow(expect.objectContaining({ field: "safeguards.1.policy" }));
  });

  it("defaults an absent config for policies without one", () => {
    expect(parseSafeguards([{ policy: "require-dlq", level: "WARNING", config: undefined }])).toEqual([{ policy: "require-dlq", level: "WARNING", config: {} }]);
  });
});

describe("satisfiesRange", () => {
  it.each([
    ["3.38.0", ">=3.0.0 <4.0.0", true],
    ["4.1.0", ">=3.0.0 <4.0.0", false],
    ["3.38.0", "^3.1.0", true],
    ["3.0.5", "~3.0.1", true],
    ["3.1.0", "~3.0.1", false],
    ["3.38.0", "3.x", true],
    ["2.9.0", "2 || 3", true],
  ])("%s in %s → %s", (v, r, ok) => expect(satisfiesRange(v, r)).toBe(ok));
});
