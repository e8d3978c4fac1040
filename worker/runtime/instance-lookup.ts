import type { Redis } from "ioredis";
import type { Cipher } from "../../server/domain/secrets/cipher";
import { openSecrets } from "../../server/domain/deployments/sealed-env";
import type { InstanceCoordinates } from "../../server/domain/deployments/instance-url";
import { instanceHash, instanceLabel, parseInstanceLabel } from "../../server/domain/deployments/instance-host";
import type { RuntimeConfig } from "../../server/domain/deployments/runtime-config";
import type { Db } from "../../server/db";
import type { DeploymentSpec } from "./pool";

import { instanceChangedChannel } from "../../server/runtime/contract";

export { instanceChangedChannel };

export async function publishInstanceChanged(redis: Redis, prefix: string, instanceId: string): Promise<void> {
  await redis.publish(instanceChangedChannel(prefix), instanceId);
}

/** What a request to an instance URL is served by: no instance, an instance with nothing deployed, or a deployment. */
export type Lookup = { instance: null } | { instance: string; deployment: DeploymentSpec | null };

const deploymentSelect = { id: true, artifactPath: true, artifactDigest: true, config: true } as const;

export function toSpec(
  d: { id: string; artifactPath: string; artifactDigest?: string | null; config: unknown },
  i: { id: string; stage: string; region: string },
  cipher: Cipher,
): DeploymentSpec {
  const config = d.config as RuntimeConfig;
  // Deployments are written by the worker from toRuntimeConfig; anything else is a bug worth naming.
  if (typeof config?.service !== "string" || typeof config.functions !== "object" || config.functions === null) {
    throw new Error(`Deployment ${d.id} has no runtime config`);
  }
  const opened = openSecrets(config, cipher);
  return {
    id: d.id,
    instanceId: i.id,
    artifactPath: d.artifactPath,
    artifactDigest: d.artifactDigest ?? null,
    config: opened.config,
    secrets: opened.secrets,
    stage: i.stage,
    region: i.region,
  };
}

/**
 * Reads which deployment an instance serves from the database (the truth every runtime shares),
 * caching each answer for at most `ttlMs` and dropping the cache the moment an instance-changed
 * message arrives, so a deploy or rollback is served at once without a query per request.
 */
export async function createInstanceLookup({
  db,
  redis,
  prefix,
  cipher,
  ttlMs = 1000,
}: {
  db: Db;
  redis: Redis;
  prefix: string;
  /** Opens the sealed secrets of a deployment's config (the process's one cipher). */
  cipher: Cipher;
  ttlMs?: number;
}) {
  const cache = new Map<string, { at: number; value: Promise<Lookup> }>();
  let hashes: { at: number; value: Promise<Map<string, InstanceCoordinates[]>> } | null = null;
  const sub = redis.duplicate();
  // Any change clears everything: a new instance was cached as "none" under a key we cannot derive from its id.
  sub.on("message", () => {
    cache.clear();
    hashes = null;
  });
  await sub.subscribe(instanceChangedChannel(prefix));

  async function query(c: InstanceCoordinates): Promise<Lookup> {
    const instances = await db.serviceInstance.findMany({
      where: { stage: c.stage, removedAt: null, app: { slug: c.appSlug, org: { slug: c.orgSlug } }, service: { name: c.serviceName } },
      orderBy: { updatedAt: "desc" },
      include: { currentDeployment: { select: deploymentSelect } },
    });
    if (instances.length === 0) return { instance: null };
    // Regions are not in the URL: serve whichever region has something deployed, the newest first.
    const i = instances.find((x) => x.currentDeployment) ?? instances[0];
    return { instance: i.id, deployment: i.currentDeployment ? toSpec(i.currentDeployment, i, cipher) : null };
  }

  function find(c: InstanceCoordinates): Promise<Lookup> {
    const key = [c.orgSlug, c.appSlug, c.stage, c.serviceName].join("/");
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    // Cached as a promise from the start: concurrent requests share one query, and an
    // invalidation while it runs removes it, so a pre-switch answer is never kept.
    const value = query(c);
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.get(key)?.value === value && cache.delete(key));
    return value;
  }

  /**
   * Hashed labels (instance-host.ts) name instances the host cannot spell out: found among the live
   * ones, by a table of every live instance's hash kept as long as the lookup cache.
   */
  async function coordinatesOfHash(hash: string): Promise<InstanceCoordinates[]> {
    if (!hashes || Date.now() - hashes.at >= ttlMs) {
      const value = db.serviceInstance
        .findMany({
          where: { removedAt: null },
          select: { stage: true, service: { select: { name: true } }, app: { select: { slug: true, org: { select: { slug: true } } } } },
        })
        .then((rows) => {
          const table = new Map<string, InstanceCoordinates[]>();
          for (const r of rows) {
            const c = { orgSlug: r.app.org.slug, appSlug: r.app.slug, stage: r.stage, serviceName: r.service.name };
            const h = instanceHash(c);
            table.set(h, [...(table.get(h) ?? []), c]);
          }
          return table;
        });
      hashes = { at: Date.now(), value };
      value.catch(() => hashes?.value === value && (hashes = null));
    }
    return (await hashes.value).get(hash) ?? [];
  }

  return {
    find,

    /** The instance a host label names; a label that is not the instance's one canonical label names none. */
    async findByLabel(label: string): Promise<Lookup> {
      const parsed = parseInstanceLabel(label);
      if (!parsed) return { instance: null };
      const candidates = parsed.kind === "direct" ? [parsed.at] : await coordinatesOfHash(parsed.hash);
      const at = candidates.find((c) => instanceLabel(c) === label.toLowerCase());
      return at ? find(at) : { instance: null };
    },

    async deployment(deploymentId: string): Promise<DeploymentSpec | null> {
      const d = await db.deployment.findUnique({ where: { id: deploymentId }, select: { ...deploymentSelect, instance: true } });
      return d ? toSpec(d, d.instance, cipher) : null;
    },

    async close() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
