import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { RuntimeConfig } from "../../server/domain/deployments/runtime-config";
import { baseChildEnv, getEnv } from "../../server/env";
import { getSandbox, type Sandbox } from "../sandbox/sandbox";
import type { ArtifactStore } from "../../server/artifacts/artifact-store";
import { createLogSink } from "./invocation-logs";
import { InvocationError, WarmChild } from "./warm-child";
import { countInvocation } from "../../server/metrics/metrics";

export { readInvocationLogs } from "./invocation-logs";
export { InvocationError } from "./warm-child";

/** Everything the pool needs to run a deployment's functions; read from the Deployment row by callers. */
export interface DeploymentSpec {
  id: string;
  instanceId: string;
  artifactPath: string;
  /** Recorded at deploy (worker/sandbox/artifact-digest.ts); checked before a child loads the artifact. */
  artifactDigest?: string | null;
  config: RuntimeConfig;
  /** Secret values in the config's environments, masked in invocation logs. */
  secrets?: string[];
  stage: string;
  region: string;
}

export interface PoolOptions {
  redis: Redis;
  prefix: string;
  /** How long a superseded deployment keeps its children (in-flight requests finish, quick rollback stays warm). */
  graceMs?: number;
  /** Children unused this long are stopped, so thousands of preview stages do not each hold processes. */
  idleMs?: number;
  /** Reserved variables a deployment's children get on top of their own (the local cloud's endpoint and keys), and the values among them to mask. */
  reservedEnv?: (d: DeploymentSpec) => { env: Record<string, string>; secrets: string[]; readOnly?: string[] };
  /** Where handler children run; by default the process's configured one, read at the first child (not before a test has set its env). */
  sandbox?: Sandbox;
  /** Turns a deployment's recorded artifact location into a local folder (fetched from S3 and checked); default: the location as is. */
  artifacts?: Pick<ArtifactStore, "fetchDeployment">;
}

export type Pool = ReturnType<typeof createPool>;

export function createPool({ redis, prefix, graceMs = 30_000, idleMs = 15 * 60_000, reservedEnv, sandbox, artifacts }: PoolOptions) {
  const logs = createLogSink(redis, prefix);
  const children = new Map<string, WarmChild>();
  const servedBy = new Map<string, string>(); // instanceId → deployment last invoked (= current)
  const key = (deploymentId: string, fn: string) => `${deploymentId}\u0000${fn}`;
  const timers = new Set<NodeJS.Timeout>();

  function childFor(d: DeploymentSpec, fn: string): WarmChild {
    const existing = children.get(key(d.id, fn));
    if (existing?.usable) return existing;
    const def = d.config.functions[fn];
    if (!def) throw new InvocationError("no-function", `Deployment ${d.id} has no function '${fn}'`);
    const reserved = reservedEnv?.(d) ?? { env: {}, secrets: [] };
    const env: Record<string, string> = {
      ...(baseChildEnv().PATH && { PATH: baseChildEnv().PATH }),
      LANG: "en_US.UTF-8",
      TZ: "UTC",
      ...def.environment,
      // Set last: like Lambda's reserved variables, the function cannot override these.
      ...reserved.env,
      AWS_LAMBDA_FUNCTION_NAME: functionName(d, fn),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(def.timeoutSeconds),
      AWS_REGION: d.region,
      AWS_DEFAULT_REGION: d.region,
      LAMBDA_TASK_ROOT: d.artifactPath,
    };
    const child = new WarmChild(
      {
        deploymentId: d.id,
        instanceId: d.instanceId,
        fn,
        handler: def.handler,
        artifactPath: d.artifactPath,
        artifactDigest: d.artifactDigest ?? null,
        env,
        secrets: [...(d.secrets ?? []), ...reserved.secrets],
        readOnly: reserved.readOnly ?? [],
        sandbox: (sandbox ??= getSandbox(getEnv())),
      },
      logs,
      (c) => {
        if (children.get(key(d.id, fn)) === c) children.delete(key(d.id, fn));
      },
    );
    children.set(key(d.id, fn), child);
    return child;
  }

  function stopWhere(match: (c: WarmChild) => boolean) {
    for (const [k, c] of children)
      if (match(c)) {
        children.delete(k);
        c.kill();
      }
  }

  /**
   * The first invocation of a new deployment of an instance means it is current: the one it
   * replaced is stopped after the grace period unless it became current again (a rollback).
   * Deployments only prepared, never served, are left alone (a deploy may be warming them) until idle.
   */
  function markCurrent(d: DeploymentSpec) {
    const previous = servedBy.get(d.instanceId);
    if (previous === d.id) return;
    servedBy.set(d.instanceId, d.id);
    if (!previous) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (servedBy.get(d.instanceId) !== previous) stopWhere((c) => c.spec.deploymentId === previous);
    }, graceMs);
    t.unref();
    timers.add(t);
  }

  /** The spec with its artifact on this host's disk: a runtime serves what a worker elsewhere built. */
  async function onDisk(d: DeploymentSpec): Promise<DeploymentSpec> {
    if (!artifacts || !d.artifactPath) return d;
    const artifactPath = await artifacts.fetchDeployment({
      deploymentId: d.id,
      location: d.artifactPath,
      digest: d.artifactDigest ?? null,
    });
    return artifactPath === d.artifactPath ? d : { ...d, artifactPath };
  }

  const reaper = setInterval(() => stopWhere((c) => Date.now() - c.lastUsed > idleMs), Math.min(idleMs, 60_000));
  reaper.unref();

  return {
    /** Starts a child per function and waits until each has loaded its handler; on failure stops them all. */
    async prepare(spec: DeploymentSpec): Promise<void> {
      const d = await onDisk(spec);
      const started = Object.keys(d.config.functions).map((fn) => childFor(d, fn));
      const results = await Promise.allSettled(started.map((c) => c.ready));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (!failed) return;
      stopWhere((c) => c.spec.deploymentId === d.id);
      throw failed.reason;
    },

    /** Invokes `fn` of deployment `d` in its warm child (starting one if needed); rejects with InvocationError. */
    async invoke(spec: DeploymentSpec, fn: string, event: unknown, opts: { requestId?: string; timeoutMs?: number } = {}) {
      const d = await onDisk(spec);
      const child = childFor(d, fn);
      markCurrent(d);
      await child.ready;
      const timeoutMs = opts.timeoutMs ?? d.config.functions[fn].timeoutSeconds * 1000;
      const awsRequestId = opts.requestId ?? randomUUID();
      const context = {
        functionName: functionName(d, fn),
        awsRequestId,
        invokedFunctionArn: `arn:aws:lambda:${d.region}:000000000000:function:${functionName(d, fn)}`,
        logGroupName: `/aws/lambda/${functionName(d, fn)}`,
        deadlineMs: Date.now() + timeoutMs,
      };
      const started = Date.now();
      const report = (status: string) => (
        countInvocation(d.instanceId, fn, status === "ok"),
        logs.append(d.instanceId, fn, "runtime", `REPORT RequestId: ${awsRequestId} Duration: ${Date.now() - started} ms Status: ${status}`)
      );
      try {
        const result = await child.invoke(event, context, timeoutMs);
        report("ok");
        return result;
      } catch (e) {
        report(e instanceof InvocationError ? `${e.kind}: ${e.message}` : "error");
        throw e;
      }
    },

    /** Stops every child of a deployment now (a destroyed instance, a failed switch). */
    stop(deploymentId: string) {
      stopWhere((c) => c.spec.deploymentId === deploymentId);
    },

    size: () => children.size,
    flushLogs: () => logs.flush(),

    async close() {
      clearInterval(reaper);
      for (const t of timers) clearTimeout(t);
      stopWhere(() => true);
      await logs.flush();
    },
  };
}

/** Named as the Serverless Framework names the Lambda: service-stage-function. */
const functionName = (d: DeploymentSpec, fn: string) => `${d.config.service}-${d.stage}-${fn}`;
