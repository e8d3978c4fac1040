import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { resolveConfig, ResolutionError, type ResolveInput } from "./resolve-config";

function input(yaml: string, extra: Partial<ResolveInput> = {}): ResolveInput {
  return { serviceDir: tmpdir(), configText: yaml, env: {}, ...extra };
}

describe("${param:}", () => {
  const yaml = `
params:
  prod: { key: file-stage }
  default: { key: file-default }
custom:
  value: \${param:key, 'inline'}
`;
  const slipway = { stage: { key: "slipway-stage" }, service: { key: "slipway-service" } };

  it("takes the first level that has the key: CLI, params.<stage>, Slipway stage, params.default, Slipway service, inline", async () => {
    const value = async (text: string, extra: Partial<ResolveInput>) =>
      ((await resolveConfig(input(text, { stage: "prod", ...extra }))).config.custom as { value: unknown }).value;
    const withoutFileStage = yaml.replace("prod: { key: file-stage }", "prod: {}");
    const withoutFileDefault = withoutFileStage.replace("default: { key: file-default }", "default: {}");
    expect(await value(yaml, { cliParams: { key: "cli" }, slipwayParams: slipway })).toBe("cli");
    expect(await value(yaml, { slipwayParams: slipway })).toBe("file-stage");
    expect(await value(withoutFileStage, { slipwayParams: slipway })).toBe("slipway-stage");
    expect(await value(withoutFileStage, { slipwayParams: { service: slipway.service } })).toBe("file-default");
    expect(await value(withoutFileDefault, { slipwayParams: { service: slipway.service } })).toBe("slipway-service");
    expect(await value(withoutFileDefault, {})).toBe("inline");
  });

  it("keeps YAML types, replaces whole values without merging, and resolves params that use params", async () => {
    const { config, references } = await resolveConfig(
      input(`
params:
  default: { memory: 512, limits: { a: 1, b: 2 }, a: x, b: y, composite: "\${param:a}/\${param:b}" }
  dev: { limits: { a: 9 } }
custom:
  memory: \${param:memory}
  limits: \${param:limits}
  composite: \${param:composite}
`),
    );
    expect(config.custom).toEqual({ memory: 512, limits: { a: 9 }, composite: "x/y" });
    expect(references.params.sort()).toEqual(["a", "b", "composite", "limits", "memory"]);
  });

  it("explains a param found nowhere", async () => {
    const error = await resolveConfig(input("custom:\n  v: ${param:missing}")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResolutionError);
    expect((error as ResolutionError).failures[0]!.reason).toMatch(/^The param "missing" cannot be resolved/);
  });
});

describe("${output:}", () => {
  const outputs = {
    "shop:dev:us-east-1:database": { tableName: "orders-dev", endpoint: { host: "db.local", ports: [5432] } },
    "shop:prod:eu-west-1:database": { tableName: "orders-prod" },
    "other:dev:us-east-1:auth": { poolId: "pool-1" },
  };
  const base = "app: shop\nservice: api\nprovider:\n  name: aws\n";

  it("resolves the short form and every 4-part form, empty parts meaning the current app, stage, region", async () => {
    const { config, references } = await resolveConfig(
      input(
        `${base}custom:
  short: \${output:database.tableName}
  deep: \${output:database.endpoint.host}
  port: \${output:database.endpoint.ports.0}
  emptyParts: \${output::::database.tableName}
  explicit: \${output:shop:prod:eu-west-1:database.tableName}
  otherApp: \${output:other:::auth.poolId}
  viaParam: \${output::\${param:env}::database.tableName}
`,
        { outputs, cliParams: { env: "dev" }, region: "us-east-1" },
      ),
    );
    expect(config.custom).toEqual({
      short: "orders-dev",
      deep: "db.local",
      port: 5432,
      emptyParts: "orders-dev",
      explicit: "orders-prod",
      otherApp: "pool-1",
      viaParam: "orders-dev",
    });
    expect(references.outputs).toContainEqual({ app: "shop", stage: "prod", region: "eu-west-1", service: "database", key: "tableName" });
  });

  it("resolves the workshop's ${output::${param:env}::fullstack-database.x}", async () => {
    const { config } = await resolveConfig(
      input(
        "app: workshop\nprovider:\n  region: us-east-1\ncustom:\n  t: arn:table/${output::${param:env}::fullstack-database.database_submissions_name}",
        {
          cliParams: { env: "dev" },
          outputs: { "workshop:dev:us-east-1:fullstack-database": { database_submissions_name: "submissions-dev" } },
        },
      ),
    );
    expect((config.custom as { t: string }).t).toBe("arn:table/submissions-dev");
  });

  it("makes a wrong service name obvious by listing the services that do have outputs there", async () => {
    const error = (await resolveConfig(input(`${base}custom:\n  t: \${output::dev::fullstack-database.tableName}`, { outputs })).catch(
      (e: unknown) => e,
    )) as ResolutionError;
    expect(error.message).toBe(
      'Cannot resolve variable at "custom.t": Value not found at "output" source: no outputs are published for service ' +
        '"fullstack-database" in app "shop", stage "dev", region "us-east-1"; services with outputs there: "database" — did you mean "database"?',
    );
  });

  it("lists the outputs a service does have when the key is wrong, and uses fallbacks on a miss", async () => {
    const error = (await resolveConfig(input(`${base}custom:\n  t: \${output:database.table}`, { outputs })).catch(
      (e: unknown) => e,
    )) as ResolutionError;
    expect(error.failures[0]!.reason).toContain('has no output "table" (its outputs: "tableName", "endpoint")');
    const { config } = await resolveConfig(input(`${base}custom:\n  t: \${output:database.table, 'fallback'}`, { outputs }));
    expect((config.custom as { t: string }).t).toBe("fallback");
  });

  it("rejects addresses with 2 or 3 parts", async () => {
    const error = (await resolveConfig(input(`${base}custom:\n  t: \${output:dev:database.x}`, { outputs })).catch(
      (e: unknown) => e,
    )) as ResolutionError;
    expect(error.failures[0]!.reason).toContain("does not conform to syntax");
  });
});
