import { describe, expect, it } from "vitest";
import { loadYaml } from "../variables/load-yaml";
import { fileParams, paramReferences } from "./param-references";

const yml = `
service: restapi
params:
  default:
    region_hint: eu
  qa:
    endpoint: https://qa.example.com
provider:
  environment:
    APP_ENV: \${param:env}
    SUBMISSIONS_TABLE: \${output::\${param:env}::database.database_submissions_name}
    ENDPOINT_URL: \${param:endpoint}
    LOG_LEVEL: \${param:log_level, 'info'}
    DYNAMIC: \${param:\${opt:which}}
functions:
  - hello:
      handler: handler.hello
      description: "key \${param:endpoint_api_key} here"
`;

describe("paramReferences", () => {
  it("finds every ${param:} the file uses, nested ones too, and which have a fallback", () => {
    const refs = paramReferences(loadYaml(yml, "serverless.yml"));
    expect(refs.map((r) => [r.key, r.hasFallback])).toEqual([
      ["endpoint", false],
      ["endpoint_api_key", false],
      ["env", false],
      ["log_level", true],
    ]);
    expect(refs.find((r) => r.key === "env")!.at).toBe("provider.environment.APP_ENV");
    expect(refs.find((r) => r.key === "endpoint_api_key")!.at).toBe("functions.0.hello.description");
  });

  it("reads the file's own params for a stage and its defaults", () => {
    const f = fileParams(loadYaml(yml, "serverless.yml"), "qa");
    expect([...f.stage]).toEqual(["endpoint"]);
    expect([...f.default]).toEqual(["region_hint"]);
    expect([...fileParams(loadYaml(yml, "serverless.yml"), "prod").stage]).toEqual([]);
  });

  it("skips values with broken variable syntax instead of throwing (the build reports those)", () => {
    expect(paramReferences({ a: "${param:", b: "${param:ok}" }).map((r) => r.key)).toEqual(["ok"]);
  });
});
