import { describe, expect, it } from "vitest";
import { evaluateSafeguards, durationMs, type SafeguardSubject } from "./evaluate-safeguards";
import { parseSafeguards, type SafeguardInput } from "./policies";
import fc from "fast-check";
import semver from "semver";

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
    ["require-description", {}, false],
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
    expect(run("allowed-regions", ["eu-west-1"], base(), "WARNING")).toMatchObject({
      policy: "allowed-regions",
      level: "WARNING",
      passed: false,
    });
  });

  it("matches stage patterns as whole names", () => {
    expect(run("allowed-stages", ["feature-.*"], base({ stage: "feature-login" })).passed).toBe(true);
    expect(run("allowed-stages", ["feature-.*"], base({ stage: "x-feature-login" })).passed).toBe(false);
  });

  it("finds secrets in environment variables: AWS keys, known secret values, secret-looking names", () => {
    const withEnv = (environment: Record<string, string>) =>
      base({ config: { ...base().config, provider: { environment } }, secrets: ["dev-key-7f3a9c"] });
    expect(run("no-secret-env-vars", {}, withEnv({ KEY: "AKIAABCDEFGHIJKLMNOP" })).passed).toBe(false);
    expect(run("no-secret-env-vars", {}, withEnv({ API: "dev-key-7f3a9c" })).passed).toBe(false);
    expect(run("no-secret-env-vars", {}, withEnv({ DB_PASSWORD: "hunter2hunter2" })).passed).toBe(false);
    expect(run("no-secret-env-vars", {}, withEnv({ DB_PASSWORD_ARN: "arn:aws:ssm:us-east-1:1:parameter/x" })).passed).toBe(true);
  });

  it("rejects wildcard IAM statements, in both the old and new syntax", () => {
    const cfg = (p: Record<string, unknown>) => base({ config: { ...base().config, provider: p } });
    expect(
      run("no-wild-iam-role-statements", {}, cfg({ iamRoleStatements: [{ Effect: "Allow", Action: "*", Resource: "arn:x" }] })).passed,
    ).toBe(false);
    expect(
      run("no-wild-iam-role-statements", {}, cfg({ iam: { role: { statements: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] } } }))
        .passed,
    ).toBe(false);
    expect(
      run(
        "no-wild-iam-role-statements",
        {},
        cfg({ iam: { role: { statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] } } }),
      ).message,
    ).toBe('provider.iam.role.statements[0].Resource is "*"');
    expect(
      run(
        "no-wild-iam-role-statements",
        {},
        cfg({ iam: { role: { statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" }] } } }),
      ).passed,
    ).toBe(true);
    expect(
      run("no-wild-iam-role-statements", {}, cfg({ iamRoleStatements: [{ Effect: "Allow", Action: "*", Resource: "arn:x" }] })).message,
    ).toBe('provider.iamRoleStatements[0].Action is "*"');
    expect(
      run("no-wild-iam-role-statements", {}, cfg({ iamRoleStatements: [{ Effect: "Deny", Action: "*", Resource: "*" }] })).passed,
    ).toBe(true);
  });

  it("requires a DLQ only for asynchronous functions", () => {
    const fns = (functions: Record<string, unknown>) => base({ config: { ...base().config, functions } });
    expect(run("require-dlq", {}, fns({ cron: { handler: "h", events: [{ schedule: "rate(1 hour)" }] } })).passed).toBe(false);
    expect(
      run("require-dlq", {}, fns({ cron: { handler: "h", onError: "arn:aws:sns:x", events: [{ schedule: "rate(1 hour)" }] } })).passed,
    ).toBe(true);
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
    [{ policy: "require-global-vpc", level: "ERROR", config: { minNumSubnets: 0 } }, "safeguards.0.config"],
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
    expect(parseSafeguards([{ policy: "require-dlq", level: "WARNING", config: undefined }])).toEqual([
      { policy: "require-dlq", level: "WARNING", config: {} },
    ]);
  });
});

describe("framework-version", () => {
  const decide = (version: string, range: string) => run("framework-version", range, base({ frameworkVersion: version })).passed;

  it.each([
    ["3.38.0", ">=3.0.0 <4.0.0", true],
    ["4.1.0", ">=3.0.0 <4.0.0", false],
    ["3.38.0", "~3", true],
    ["0.0.5", "^0.0", true],
    ["0.1.0", "^0.0", false],
    ["3.2.0", ">= 3.0.0", true],
    ["2.0.0", "1.0.0 - 3.0.0", true],
    ["3.0.1", "1.0.0 - 3.0.0", false],
    ["4.0.0-beta.1", "^4.0.0", false],
    ["2.9.0", "2 || 3", true],
  ])("%s in %s → %s (as npm's semver decides)", (v, r, ok) => expect(decide(v, r)).toBe(ok));

  it("agrees with npm's semver on random versions and ranges", () => {
    const part = fc.integer({ min: 0, max: 12 });
    const version = fc
      .tuple(part, part, part, fc.option(fc.constantFrom("alpha.1", "beta.2", "rc.0"), { nil: undefined }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ""}`);
    const partial = fc.oneof(
      part.map(String),
      fc.tuple(part, part).map(([a, b]) => `${a}.${b}`),
      version,
      fc.constantFrom("x", "*", "3.x"),
    );
    const comparator = fc.tuple(fc.constantFrom("", "^", "~", ">=", "<=", ">", "<", "=", ">= "), partial).map(([op, v]) => `${op}${v}`);
    const set = fc.oneof(
      fc.array(comparator, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(" ")),
      fc.tuple(version, version).map(([a, b]) => `${a} - ${b}`),
    );
    const range = fc.array(set, { minLength: 1, maxLength: 2 }).map((sets) => sets.join(" || "));
    fc.assert(
      fc.property(version, range, (v, r) => {
        const saved = parseSafeguards([{ policy: "framework-version", level: "ERROR", config: r }]);
        return evaluateSafeguards(saved, base({ frameworkVersion: v }))[0].passed === semver.satisfies(v, r);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses to save what semver cannot read", () => {
    expect(() => parseSafeguards([{ policy: "framework-version", level: "ERROR", config: ">=3 <<4" }])).toThrow(
      expect.objectContaining({ field: "safeguards.0.config" }),
    );
  });
});

describe("the three policies about the AWS account's shape", () => {
  const withProvider = (p: Record<string, unknown>, rest: Record<string, unknown> = {}) =>
    base({ config: { ...base().config, provider: { ...(base().config.provider as object), ...p }, ...rest } });

  it("require-cfn-role wants provider.cfnRole (or iam.deploymentRole)", () => {
    expect(run("require-cfn-role", {}, withProvider({})).message).toMatch(/^provider\.cfnRole is not set/);
    expect(run("require-cfn-role", {}, withProvider({ cfnRole: "arn:aws:iam::1:role/cfn" })).passed).toBe(true);
    expect(run("require-cfn-role", {}, withProvider({ iam: { deploymentRole: "arn:aws:iam::1:role/cfn" } })).passed).toBe(true);
  });

  it("require-global-vpc wants every function in a VPC with at least minNumSubnets subnets (2 by default)", () => {
    const vpc = (subnets: number) => ({ securityGroupIds: ["sg-1"], subnetIds: Array.from({ length: subnets }, (_, i) => `subnet-${i}`) });
    expect(run("require-global-vpc", {}, withProvider({})).passed).toBe(false);
    expect(run("require-global-vpc", {}, withProvider({ vpc: vpc(1) })).message).toMatch(/provider\.vpc\.subnetIds has 1 subnet/);
    expect(run("require-global-vpc", {}, withProvider({ vpc: vpc(2) })).passed).toBe(true);
    expect(run("require-global-vpc", { minNumSubnets: 3 }, withProvider({ vpc: vpc(2) })).passed).toBe(false);
  });

  it("forbid-s3-http-access wants a bucket policy denying aws:SecureTransport false on every bucket", () => {
    const bucket = { Type: "AWS::S3::Bucket", Properties: {} };
    const denyHttp = {
      Type: "AWS::S3::BucketPolicy",
      Properties: {
        Bucket: { Ref: "Uploads" },
        PolicyDocument: {
          Statement: [
            { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": false } } },
          ],
        },
      },
    };
    expect(run("forbid-s3-http-access", {}, withProvider({}, { resources: { Resources: { Uploads: bucket } } })).message).toMatch(
      /^resources\.Resources\.Uploads has no bucket policy/,
    );
    expect(
      run("forbid-s3-http-access", {}, withProvider({}, { resources: { Resources: { Uploads: bucket, UploadsPolicy: denyHttp } } })).passed,
    ).toBe(true);
  });

  it("allowed-runtimes also takes one regular expression", () => {
    expect(run("allowed-runtimes", "nodejs(18|20)\\.x").passed).toBe(true);
    expect(run("allowed-runtimes", "python.*").message).toBe('provider.runtime is "nodejs20.x"; allowed: matching /python.*/.');
  });
});
