import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { RuntimeConfig } from "../deployments/runtime-config";
import { syncSchedules } from "../../../worker/runtime/schedules";
import type { RuntimeControl } from "./release-app";

/**
 * The instant rollback asks the runtime over HTTP (POST /_slipway/prepare/<id>, loopback only) to
 * warm the old deployment, instead of enqueueing a job for the worker: a build queue busy with
 * builds must not delay an emergency rollback, the answer (started, or why not) comes back to the
 * user in the same request, and the web process never loads user code itself. Schedules are
 * BullMQ job schedulers (data only), so moving them needs no worker either.
 */
export function httpRuntimeControl(runtimeUrl: string, scheduleQueue: Queue): RuntimeControl {
  return {
    async prepare(deploymentId) {
      const res = await fetch(`${runtimeUrl.replace(/\/+$/, "")}/_slipway/prepare/${encodeURIComponent(deploymentId)}`, {
        method: "POST",
        signal: AbortSignal.timeout(30_000),
      }).catch((e: Error) => {
        throw new Error(`the runtime at ${runtimeUrl} did not answer (${e.message})`);
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `runtime answered ${res.status}`);
      }
    },
    async syncSchedules(instanceId, config: RuntimeConfig) {
      await syncSchedules({ queue: scheduleQueue, instanceId, config });
    },
  };
}

export const announceInstanceChange = (redis: Redis, prefix: string) => async (instanceId: string) => {
  await redis.publish(`${prefix}:runtime:instance-changed`, instanceId);
};
