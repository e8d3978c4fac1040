import { describe, expect, it } from "vitest";
import { handlerFile, toRuntimeConfig } from "./runtime-config";
import { instanceUrl } from "./instance-url";

describe("toRuntimeConfig", () => {
  it("reads string and object event forms, timeouts and merged environment", () => {
    const config = toRuntimeConfig({
      service: "restapi",
      provider: { timeout: 10, environment: { TABLE: "subs", PORT: 8080, SHARED: "p" }, httpApi: { cors: true } },
      functions: {
        submit: {
          handler: "index.submit",
          environment: { SHARED: "f", FLAG: true },
          events: [{ http: "GET hello" }, { http: { path: "/users/{id}", method: "post", cors: { origin: "https://x.dev" } } }],
        },
        api: {
          handler: "src/handlers/api.main",
          timeout: 3,
          events: [{ httpApi: "GET /x" }, { httpApi: { method: "*", path: "/{proxy+}" } }, { httpApi: "*" }],
        },
        cron: {
          handler: "jobs.tick",
          events: [
            { schedule: "rate(5 minutes)" },
            { schedule: { rate: ["cron(0 12 * * ? *)", "rate(1 hour)"], enabled: false, input: { a: 1 } } },
          ],
        },
        queue: { handler: "q.main", events: [{ sqs: "arn:aws:sqs:x" }] },
      },
    });
    expect(config.service).toBe("restapi");
    expect(config.functions.submit).toEqual({
      handler: "index.submit",
      timeoutSeconds: 10,
      environment: { TABLE: "subs", PORT: "8080", SHARED: "f", FLAG: "true" },
      http: [
        { kind: "http", method: "GET", path: "/hello", cors: false },
        { kind: "http", method: "POST", path: "/users/{id}", cors: { origins: ["https://x.dev"] } },
      ],
      schedules: [],
    });
    expect(config.functions.api.timeoutSeconds).toBe(3);
    expect(config.functions.api.http).toEqual([
      { kind: "httpApi", method: "GET", path: "/x", cors: true },
      { kind: "httpApi", method: "ANY", path: "/{proxy+}", cors: true },
      { kind: "httpApi", method: "ANY", path: "*", cors: true },
    ]);
    expect(config.functions.cron.schedules).toEqual([
      { expression: "rate(5 minutes)", enabled: true },
      { expression: "cron(0 12 * * ? *)", enabled: false, input: { a: 1 } },
      { expression: "rate(1 hour)", enabled: false, input: { a: 1 } },
    ]);
    expect(config.functions.queue.http).toEqual([]);
    expect(config.functions.cron.timeoutSeconds).toBe(10);
  });

  it("defaults the timeout to 6 seconds and accepts a service object and no functions", () => {
    expect(toRuntimeConfig({ service: { name: "s" } })).toEqual({ service: "s", functions: {} });
    expect(toRuntimeConfig({ service: "s", functions: { f: { handler: "a.b" } } }).functions.f.timeoutSeconds).toBe(6);
  });

  it.each([
    [{ functions: {} }, "no 'service' name"],
    [{ service: "s", functions: { f: { image: "x" } } }, "Function 'f' needs a 'handler'"],
    [{ service: "s", functions: { f: { handler: "a.b", timeout: "9" } } }, "Function 'f': timeout"],
    [{ service: "s", functions: { f: { handler: "a.b", events: [{ http: "GET" }] } } }, "function 'f' event #1: expected 'METHOD path'"],
    [
      { service: "s", functions: { f: { handler: "a.b", events: [{ http: { path: "/x", method: "GET /" } }] } } },
      "function 'f' event #1: method",
    ],
    [
      { service: "s", functions: { f: { handler: "a.b", events: [{ http: "GET /", httpApi: "GET /" }] } } },
      "function 'f' event #1 must be a single-key",
    ],
    [{ service: "s", functions: { f: { handler: "a.b", events: [{}, { schedule: "every 5 minutes" }] } } }, "event #1 must be"],
    [
      { service: "s", functions: { f: { handler: "a.b", events: [{ schedule: "every 5 minutes" }] } } },
      "function 'f' event #1: Schedule 'every 5 minutes'",
    ],
    [{ service: "s", functions: { f: { handler: "a.b", events: [{ schedule: { rate: "cron(0 12 * * ? 2030)" } }] } } }, "year field"],
    [
      { service: "s", functions: { f: { handler: "a.b", events: [{ schedule: { rate: "rate(1 minute)", enabled: "yes" } }] } } },
      "enabled must be",
    ],
    [{ service: "s", functions: { f: { handler: "a.b", events: [{ httpApi: 42 }] } } }, "function 'f' event #1: httpApi must be"],
  ])("rejects %j with a clear error", (input, message) => {
    expect(() => toRuntimeConfig(input as Record<string, unknown>)).toThrow(message);
  });
});

describe("handlerFile", () => {
  it("splits at the last dot", () => {
    expect(handlerFile("index.submit")).toEqual({ module: "index", exportName: "submit" });
    expect(handlerFile("src/handlers/api.v2.main")).toEqual({ module: "src/handlers/api.v2", exportName: "main" });
    expect(() => handlerFile("index")).toThrow("must look like 'file.export'");
    expect(() => handlerFile("index.")).toThrow("must look like");
  });
});

describe("instanceUrl", () => {
  it("gives each instance a host of its own under the runtime domain, on the public URL's scheme and port", () => {
    const at = { orgSlug: "acme", appSlug: "workshop", stage: "staging", serviceName: "restapi" };
    expect(instanceUrl({ publicUrl: "http://localhost:4000/", domain: "localhost" }, at)).toBe(
      "http://staging--restapi--workshop--acme.localhost:4000",
    );
    expect(instanceUrl({ publicUrl: "https://run.example.com", domain: "run.example.com" }, at)).toBe(
      "https://staging--restapi--workshop--acme.run.example.com",
    );
  });
});
