import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveConfig, ResolutionError, type ResolveInput } from "./resolve-config";

const dir = mkdtempSync(path.join(tmpdir(), "slipway-vars-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

async function resolve(yaml: string, input: Partial<ResolveInput> = {}) {
  return (await resolveConfig({ serviceDir: dir, configText: yaml, env: {}, ...input })).config as Record<string, any>;
}

async function failure(yaml: string, input: Partial<ResolveInput> = {}): Promise<ResolutionError> {
  const error = await resolveConfig({ serviceDir: dir, configText: yaml, env: {}, ...input }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResolutionError);
  return error as ResolutionError;
}

describe("self", () => {
  it("follows nested paths, array indexes and values produced by other variables", async () => {
    const config = await resolve(`
service: shop
custom:
  list: [{ id: first }, { id: second }]
  fromList: \${self:custom.list.1.id}
  chain: \${self:custom.fromList}-\${self:service}
  deep:
    table: \${self:custom.chain}
  useDeep: \${self:custom.deep.table}
`);
    expect(config.custom).toMatchObject({ fromList: "second", chain: "second-shop", useDeep: "second-shop" });
  });

  it("sees only what the file says about provider.stage, not --stage", async () => {
    const config = await resolve(
      "provider:\n  stage: staging\ncustom:\n  a: ${self:provider.stage}\n  b: ${sls:stage}\n  c: ${opt:stage}",
      { stage: "prod" },
    );
    expect(config.custom).toEqual({ a: "staging", b: "prod", c: "prod" });
  });

  it("fails on a missing path, naming the property the way v3 does", async () => {
    const error = await failure("custom:\n  table: ${self:custom.nothing}");
    expect(error.message).toBe('Cannot resolve variable at "custom.table": Value not found at "self" source');
    expect(error.file).toBe("serverless.yml");
  });
});

describe("opt, sls and env", () => {
  it("defaults ${sls:stage} to provider.stage, then dev", async () => {
    expect((await resolve("provider:\n  stage: qa\ncustom:\n  s: ${sls:stage}")).custom.s).toBe("qa");
    expect((await resolve("custom:\n  s: ${sls:stage}")).custom.s).toBe("dev");
  });

  it("walks fallback chains left to right", async () => {
    const yaml = "custom:\n  stage: ${opt:stage, env:STAGE, 'dev'}";
    expect((await resolve(yaml, { stage: "prod", env: { STAGE: "x" } })).custom.stage).toBe("prod");
    expect((await resolve(yaml, { env: { STAGE: "fromenv" } })).custom.stage).toBe("fromenv");
    expect((await resolve(yaml)).custom.stage).toBe("dev");
  });

  it("treats an empty env var as a value and re-resolves variables inside env values", async () => {
    const config = await resolve("service: svc\ncustom:\n  a: ${env:EMPTY, 'x'}\n  b: ${env:TEMPLATE}", {
      env: { EMPTY: "", TEMPLATE: "${self:service}-t" },
    });
    expect(config.custom).toEqual({ a: "", b: "svc-t" });
  });

  it("parses literal defaults with their types", async () => {
    const config = await resolve(
      'custom:\n  n: ${env:X, 5}\n  f: ${env:X, 1.50}\n  h: ${env:X, 0x10}\n  b: ${env:X, true}\n  z: ${env:X, null}\n  s: ${env:X, "a,b}c"}',
    );
    expect(config.custom).toEqual({ n: 5, f: 1.5, h: 16, b: true, z: null, s: "a,b}c" });
  });

  it("converts strToBool and refuses other input", async () => {
    const config = await resolve("custom:\n  a: ${strToBool(${env:F})}\n  b: ${strToBool(0)}", { env: { F: " TRUE " } });
    expect(config.custom).toEqual({ a: true, b: false });
    const error = await failure("custom:\n  a: ${strToBool(maybe)}");
    expect(error.failures[0]!.reason).toContain('Invalid "strToBool" input');
  });
});

describe("types, strings and nesting", () => {
  it("keeps the type of a whole-value variable and stringifies inside longer strings", async () => {
    const config = await resolve(`
custom:
  num: 512
  arr: [1, 2, 3]
  obj: { k: v }
  wholeNum: \${self:custom.num}
  wholeObj: \${self:custom.obj}
  inString: mem-\${self:custom.num}
  joined: x-\${self:custom.arr}
`);
    expect(config.custom).toMatchObject({ wholeNum: 512, wholeObj: { k: "v" }, inString: "mem-512", joined: "x-1,2,3" });
  });

  it("refuses an object inside a longer string", async () => {
    const error = await failure("custom:\n  obj: { k: v }\n  s: x-${self:custom.obj}");
    expect(error.failures).toEqual([{ path: "custom.s", reason: "String value consist of variable which resolve with non-string value" }]);
  });

  it("resolves nested variables inside addresses", async () => {
    const config = await resolve("custom:\n  dev: { table: t-dev }\n  prod: { table: t-prod }\n  t: ${self:custom.${sls:stage}.table}", {
      stage: "prod",
    });
    expect(config.custom.t).toBe("t-prod");
  });

  it("leaves CloudFormation references alone but resolves variables inside them", async () => {
    const config = await resolve(
      "custom:\n  p: StackName\n  a: ${AWS::Region}\n  b: ${AWS::${self:custom.p}}\n  c: ${MyBucket.Arn}\n  d: \\${self:custom.p}\n  r: !Sub arn:${AWS::Partition}:s3:::x",
    );
    expect(config.custom).toMatchObject({ a: "${AWS::Region}", b: "${AWS::StackName}", c: "${MyBucket.Arn}", d: "${self:custom.p}" });
    expect(config.custom.r).toEqual({ "Fn::Sub": "arn:${AWS::Partition}:s3:::x" });
  });

  it("reports syntax errors with v3's text", async () => {
    const error = await failure("custom:\n  a: ${env:NOPE, foo}");
    expect(error.failures[0]!.reason).toBe('Variable syntax error: Invalid literal source "foo" at index 12 in "${env:NOPE, foo}"');
  });
});

describe("file()", () => {
  it("reads YAML, JSON and text relative to the service folder, with or without a key", async () => {
    write("conf/app.yml", "name: from-yaml\nnested:\n  ref: ${self:service}-inner\n");
    write("conf/app.json", '{"list": ["a", "b"]}');
    write("key.pem", "-----KEY-----\n");
    const config = await resolve(`
service: svc
custom:
  yml: \${file(./conf/app.yml)}
  name: \${file(conf/app.yml):name}
  item: \${file(./conf/app.json):list.1}
  text: \${file(./key.pem)}
  missing: \${file(./nope.yml), 'fallback'}
  viaSelf: \${self:custom.yml.nested.ref}
`);
    expect(config.custom).toEqual({
      yml: { name: "from-yaml", nested: { ref: "svc-inner" } },
      name: "from-yaml",
      item: "b",
      text: "-----KEY-----\n",
      missing: "fallback",
      viaSelf: "svc-inner",
    });
  });

  it("never runs JavaScript files", async () => {
    write("evil.js", "require('fs').writeFileSync(__dirname + '/ran', 'x'); module.exports = { a: 1 };");
    const error = await failure("custom:\n  a: ${file(./evil.js)}");
    expect(error.failures[0]!.reason).toMatch(/never executes JavaScript/);
  });

  it("names the included file and line when it is not valid YAML", async () => {
    write("bad.yml", "a: [\nb: c: d\n");
    const error = await failure("custom:\n  a: ${file(./bad.yml)}");
    expect(error.failures[0]!.reason).toMatch(/^Cannot parse \.\/bad\.yml:\d+:\d+: /);
  });
});

describe("useDotenv", () => {
  it("loads .env.<stage> if present, else .env; the environment wins", async () => {
    const sub = mkdtempSync(path.join(dir, "dotenv-"));
    writeFileSync(path.join(sub, ".env"), "A=plain\nB=from-file\n");
    writeFileSync(path.join(sub, ".env.prod"), "A=prod-file # comment\nC='${A}-literal'\nD=\"${A}-x\"\n");
    const yaml = "useDotenv: true\ncustom:\n  a: ${env:A}\n  b: ${env:B, 'none'}";
    const dev = await resolveConfig({ serviceDir: sub, configText: yaml, env: { B: "from-env" } });
    expect(dev.config.custom).toEqual({ a: "plain", b: "from-env" });
    const prod = await resolveConfig({ serviceDir: sub, configText: `${yaml}\n  c: \${env:C}\n  d: \${env:D}`, env: {}, stage: "prod" });
    expect(prod.config.custom).toEqual({ a: "prod-file", b: "none", c: "${A}-literal", d: "prod-file-x" });
  });
});

describe("errors", () => {
  it("lists every failing property, but not the properties that merely depend on them", async () => {
    const error = await failure("custom:\n  a: ${env:NOPE}\n  b: ${file(./none.json):x}\n  c: ${self:custom.a}-dependent");
    expect(error.failures.map((f) => f.path)).toEqual(["custom.a", "custom.b"]);
    expect(error.message.split("\n")).toEqual([
      'Cannot resolve variable at "custom.a": Value not found at "env" source',
      'Cannot resolve variable at "custom.b": Value not found at "file" source',
    ]);
  });

  it("detects and names circular references", async () => {
    const pair = await failure("custom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}");
    expect(pair.failures).toEqual([
      { path: "custom.b", reason: 'Circular reference among "custom.b" and "custom.a" properties' },
      { path: "custom.a", reason: 'Circular reference among "custom.b" and "custom.a" properties' },
    ]);
    const itself = await failure("custom:\n  c: ${self:custom.c}\n  all: x");
    expect(itself.failures).toEqual([{ path: "custom.c", reason: 'Circular reference. "custom.c" refers to itself' }]);
    const root = await failure("custom:\n  everything: ${self:}");
    expect(root.failures[0]!.reason).toBe('Circular reference. "custom.everything" refers to itself');
  });

  it("refuses params behind core properties such as the service name", async () => {
    const error = await failure("service: ${param:name}", { cliParams: { name: "x" } });
    expect(error.failures[0]!.reason).toBe(
      '"service" property is not accessible (configured behind variables which cannot be resolved at this stage)',
    );
  });

  it("names the file and line of a YAML syntax error", async () => {
    const error = await failure("service: a\ncustom:\n  - x\n  y: z\n", { configFile: "serverless.yml" });
    expect(error.message).toMatch(/^Cannot parse serverless\.yml:\d+:\d+: /);
  });

  it("reports an unknown source", async () => {
    const error = await failure("custom:\n  a: ${vault:secret}");
    expect(error.failures[0]!.reason).toBe('Unrecognized configuration variable sources: "vault"');
  });
});

describe("result", () => {
  it("keeps only the file's own keys and applies --region to an existing provider.region", async () => {
    const config = await resolve("service: s\nprovider:\n  name: aws\n  region: eu-west-1\ncustom:\n  r: ${self:provider.region}", {
      region: "us-east-2",
    });
    expect(config).toEqual({ service: "s", provider: { name: "aws", region: "us-east-2" }, custom: { r: "eu-west-1" } });
  });
});
