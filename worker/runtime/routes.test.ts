import { describe, expect, it } from "vitest";
import { toRuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { buildEvent, MalformedResponse, toHttpResponse } from "./api-gateway";
import { corsOrigin, matchRoute, preflight } from "./routes";

const config = toRuntimeConfig({
  service: "s",
  functions: {
    list: { handler: "a.list", events: [{ http: "GET users" }] },
    one: { handler: "a.one", events: [{ http: "GET users/{id}" }] },
    me: { handler: "a.me", events: [{ http: "GET users/me" }] },
    any: { handler: "a.any", events: [{ http: { method: "any", path: "users/{id}", cors: { origins: ["https://a.dev"] } } }] },
    proxy: { handler: "a.proxy", events: [{ http: "ANY {proxy+}" }] },
  },
});

describe("matchRoute", () => {
  it("prefers static segments, then parameters, then greedy paths, and a named method over ANY", () => {
    expect(matchRoute(config, "GET", "/users")?.fn).toBe("list");
    expect(matchRoute(config, "GET", "/users/me")?.fn).toBe("me");
    expect(matchRoute(config, "GET", "/users/42")).toMatchObject({ fn: "one", pathParameters: { id: "42" } });
    expect(matchRoute(config, "DELETE", "/users/42")?.fn).toBe("any");
    expect(matchRoute(config, "POST", "/a/b%20c/d")).toMatchObject({ fn: "proxy", pathParameters: { proxy: "a/b c/d" } });
    expect(matchRoute(config, "GET", "/")).toBeNull(); // {proxy+} needs at least one segment
  });

  it("handles CORS per route", () => {
    expect(preflight(config, "/users/1", "https://a.dev")).toMatchObject({ "access-control-allow-origin": "https://a.dev" });
    expect(preflight(config, "/users/1", "https://evil.dev")?.["access-control-allow-origin"]).toBeUndefined();
    expect(preflight(config, "/users", undefined)).toBeNull();
    expect(corsOrigin(true, undefined)).toBe("*");
  });
});

describe("API Gateway mapping", () => {
  const req = {
    method: "POST",
    path: "/users/42",
    rawQuery: "a=1&a=2",
    rawHeaders: ["Content-Type", "image/png", "Cookie", "x=1; y=2"],
    body: Buffer.from([0xff, 0x00]),
    sourceIp: "127.0.0.1",
    stage: "dev",
    host: "localhost",
    requestId: "r1",
  };

  it("sends binary bodies base64 and splits cookies in v2", () => {
    const v2 = buildEvent(
      { fn: "f", route: { kind: "httpApi", method: "POST", path: "/users/{id}", cors: false }, pathParameters: { id: "42" } },
      req,
    );
    expect(v2).toMatchObject({
      version: "2.0",
      routeKey: "POST /users/{id}",
      body: "/wA=",
      isBase64Encoded: true,
      cookies: ["x=1", "y=2"],
      queryStringParameters: { a: "1,2" },
      headers: { "content-type": "image/png" },
    });
    const v1 = buildEvent(
      { fn: "f", route: { kind: "http", method: "POST", path: "/users/{id}", cors: false }, pathParameters: { id: "42" } },
      req,
    );
    expect(v1).toMatchObject({
      httpMethod: "POST",
      headers: { "Content-Type": "image/png" },
      requestContext: { path: "/dev/users/42", stage: "dev" },
    });
  });

  it("maps results like API Gateway", () => {
    expect(() => toHttpResponse("http", { body: "x" })).toThrow(MalformedResponse);
    expect(() => toHttpResponse("http", { statusCode: 200, body: { a: 1 } })).toThrow("body must be a string");
    const bare = toHttpResponse("httpApi", { ok: true });
    expect([bare.statusCode, bare.body.toString()]).toEqual([200, '{"ok":true}']);
    const bin = toHttpResponse("http", {
      statusCode: 201,
      headers: { "X-A": 1 },
      multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] },
      body: "/wA=",
      isBase64Encoded: true,
    });
    expect(bin).toEqual({
      statusCode: 201,
      headers: { "x-a": "1", "set-cookie": ["a=1", "b=2"], "content-type": "application/json" },
      body: Buffer.from([0xff, 0]),
    });
  });
});
