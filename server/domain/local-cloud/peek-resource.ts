import type { AppDeps } from "../../deps";
import { createMasker } from "../../logs/mask";
import { paramsForStage } from "../parameters/params-for-stage";
import { DomainError } from "../errors";
import { emulatorClient } from "./emulator-client";
import { readLocalCloudUrl } from "./endpoint";

/** The local cloud's endpoint is read from Redis; its admin keys derive from SLIPWAY_ENCRYPTION_KEY. */
export type PeekDeps = Pick<AppDeps, "db" | "redis" | "cipher" | "env">;

const TABLE = "AWS::DynamoDB::Table";

/** A DynamoDB attribute value as text: strings and numbers as they are, the rest as JSON. */
function show(value: Record<string, unknown>): string {
  const [type, v] = Object.entries(value)[0] ?? ["NULL", null];
  if (type === "S" || type === "N") return String(v);
  if (type === "BOOL") return String(v);
  if (type === "NULL") return "null";
  return JSON.stringify(v);
}

/**
 * A read-only look at a provisioned resource: the first items of a table or objects of a bucket.
 * Scoped by org (the row must be the caller's org's); values equal to a secret parameter of the
 * stage are masked, as everywhere a reviewer can look.
 */
export async function peekResource(
  deps: PeekDeps,
  { orgId, resourceId, limit = 20 }: { orgId: string; resourceId: string; limit?: number },
) {
  const row = await deps.db.localResource.findFirst({
    where: { id: resourceId, orgId },
    include: { instance: { select: { appId: true, stage: true } } },
  });
  if (!row) throw new DomainError("NOT_FOUND", "No such resource in this organization.");
  const url = await readLocalCloudUrl(deps.redis, deps.env.REDIS_PREFIX);
  if (!url) throw new DomainError("UNAVAILABLE", "The local cloud is not running: start the worker to see this data.");
  const mask = createMasker((await paramsForStage(deps.db, deps.cipher, row.instance.appId, row.instance.stage)).secrets);
  const cloud = emulatorClient(url, deps.env.SLIPWAY_ENCRYPTION_KEY);
  try {
    if (row.type === TABLE) {
      const items = await cloud.scan(row.physicalName, limit);
      const rows = items.map((item) =>
        Object.fromEntries(Object.entries(item).map(([k, v]) => [k, mask(show(v as unknown as Record<string, unknown>))])),
      );
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
      return { kind: "table" as const, name: row.name, columns, rows, objects: [] };
    }
    const objects = (await cloud.listObjects(row.physicalName, limit)).map((o) => ({ ...o, key: mask(o.key) }));
    return { kind: "bucket" as const, name: row.name, columns: [], rows: [], objects };
  } catch (e) {
    const name = (e as Error).name;
    if (name === "ResourceNotFoundException" || name === "NoSuchBucket")
      throw new DomainError("NOT_FOUND", `${row.name} is not in the local cloud any more.`);
    throw e;
  } finally {
    cloud.close();
  }
}
