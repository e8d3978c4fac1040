import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import type { Db } from "../../../server/db";
import { toRuntimeConfig, type RuntimeConfig } from "../../../server/domain/deployments/runtime-config";
import { createCipher } from "../../../server/domain/secrets/cipher";
import { getEnv } from "../../../server/env";
import { startRuntime, type RuntimeOptions } from "../server";

/** The cipher a runtime test hands its runtime (what the composition root builds from SLIPWAY_ENCRYPTION_KEY). */
export const testCipher = () => createCipher(getEnv().SLIPWAY_ENCRYPTION_KEY);

/** A runtime on a free loopback port without the schedules consumer, with the test's database, Redis and prefix. */
export const startTestRuntime = (o: Pick<RuntimeOptions, "db" | "redis" | "prefix"> & Partial<RuntimeOptions>) =>
  startRuntime({ cipher: testCipher(), port: 0, host: "127.0.0.1", runSchedules: false, ...o });

/** A handler file written as a user would, returning its version so a switch is visible. */
export const handlerSource = (version: string) => `
exports.hello = async (event, context) => {
  console.log("hello called", event.path);
  return {
    statusCode: 200,
    headers: { "x-version": "${version}" },
    body: JSON.stringify({
      version: "${version}", greeting: process.env.GREETING, envKeys: Object.keys(process.env).sort(),
      path: event.path, resource: event.resource, pathParameters: event.pathParameters,
      query: event.queryStringParameters, multiQuery: event.multiValueQueryStringParameters,
      fn: context.functionName, remaining: context.getRemainingTimeInMillis(), cwd: process.cwd(),
    }),
  };
};
exports.boom = async () => { throw new Error("kaboom"); };
exports.slow = async (event) => {
  if (event.queryStringParameters && event.queryStringParameters.fast) return { statusCode: 200, body: "fast" };
  await new Promise((r) => setTimeout(r, 5000));
  return { statusCode: 200, body: "slow" };
};
exports.v2 = async (event) => ({ version: event.version, routeKey: event.routeKey, rawPath: event.rawPath,
  rawQueryString: event.rawQueryString, method: event.requestContext.http.method, id: event.pathParameters.id, body: event.body });
exports.cb = (event, context, callback) => { callback(null, { statusCode: 201, body: "made " + event.body }); };
exports.bad = async () => ({ statusCode: 200, headers: { "x-bad": "a\\nb" }, body: "x" });
exports.tick = async (event) => { console.log("tick", event.source); return { source: event.source, type: event["detail-type"] }; };
`;

export function serverlessYml(handlerOfHello = "index.hello") {
  return {
    service: "restapi",
    provider: { name: "aws", environment: { GREETING: "hi from env" } },
    functions: {
      hello: { handler: handlerOfHello, events: [{ http: "GET hello" }, { http: { method: "get", path: "users/{id}" } }] },
      boom: { handler: "index.boom", events: [{ http: "GET boom" }] },
      slow: { handler: "index.slow", timeout: 1, events: [{ http: "GET slow" }] },
      v2: { handler: "index.v2", events: [{ httpApi: "ANY /v2/{id}" }] },
      cb: { handler: "index.cb", events: [{ http: { method: "POST", path: "cb", cors: true } }] },
      bad: { handler: "index.bad", events: [{ http: "GET bad" }] },
      tick: { handler: "index.tick", events: [{ schedule: "rate(1 minute)" }] },
    },
  };
}

export async function writeArtifact(version: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slipway-artifact-"));
  await writeFile(path.join(dir, "index.js"), handlerSource(version));
  return dir;
}

/** Org acme / app workshop / service restapi / instance staging, as the web app and worker would create them. */
export async function createInstance(db: Db) {
  const org = await db.org.create({ data: { slug: "acme", name: "Acme" } });
  const repo = await db.repository.create({ data: { url: "file:///tmp/none.git" } });
  const app = await db.app.create({ data: { orgId: org.id, slug: "workshop", name: "Workshop", repositoryId: repo.id } });
  const service = await db.service.create({ data: { appId: app.id, name: "restapi", path: "services/restapi" } });
  return db.serviceInstance.create({ data: { appId: app.id, serviceId: service.id, stage: "staging", region: "eu-west-1" } });
}

export async function createDeployment(
  db: Db,
  instanceId: string,
  artifactPath: string,
  config: RuntimeConfig = toRuntimeConfig(serverlessYml()),
) {
  return db.deployment.create({ data: { instanceId, commitSha: "abc123", artifactPath, config: config as object } });
}

export async function cleanup(redis: Redis, prefix: string, dirs: string[]) {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}
