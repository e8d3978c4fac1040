import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import type { Db } from "../../../server/db";
import type { LogWriter } from "../../../server/logs/log-writer";
import type { EmulatorClient } from "../../../server/domain/local-cloud/emulator-client";
import { BUCKET, TABLE, type Plan, type PlannedResource } from "./plan-resources";
import { forgetBucketOwner } from "./s3-proxy";

export interface Target {
  db: Db;
  cloud: EmulatorClient;
  log: LogWriter;
  orgId: string;
  instanceId: string;
  accountId: string;
  region: string;
}

type Obj = Record<string, unknown>;
const pick = (o: Obj, keys: string[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const INDEX_KEYS = ["IndexName", "KeySchema", "Projection", "ProvisionedThroughput"];

/** CloudFormation's table properties → CreateTable (the parts an emulator keeps; the rest is logged). */
function createTableInput(r: PlannedResource): CreateTableCommandInput {
  const p = r.properties;
  const gsis = Array.isArray(p.GlobalSecondaryIndexes) ? (p.GlobalSecondaryIndexes as Obj[]).map((i) => pick(i, INDEX_KEYS)) : undefined;
  const lsis = Array.isArray(p.LocalSecondaryIndexes)
    ? (p.LocalSecondaryIndexes as Obj[]).map((i) => pick(i, INDEX_KEYS.slice(0, 3)))
    : undefined;
  return {
    ...(pick(p, [
      "KeySchema",
      "AttributeDefinitions",
      "BillingMode",
      "ProvisionedThroughput",
      "StreamSpecification",
    ]) as Partial<CreateTableCommandInput>),
    TableName: r.physicalName,
    ...(gsis && { GlobalSecondaryIndexes: gsis }),
    ...(lsis && { LocalSecondaryIndexes: lsis }),
  } as CreateTableCommandInput;
}

const sameKeys = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
const label = (r: { logicalId: string; type: string; name: string }) => `${r.logicalId} (${r.type} ${r.name})`;

/**
 * Creates what the plan declares and does not exist yet; an existing table or bucket of this
 * instance (or a retained one) is kept with its data. Every step is undone if a later one fails:
 * nothing half-provisioned remains. Returns `undo`, for a deploy that fails after provisioning.
 */
export async function provision(t: Target, plan: Plan): Promise<{ undo(): Promise<void> }> {
  const created: PlannedResource[] = [];
  const undo = async () => {
    for (const r of created.reverse()) await destroy(t, r).catch(() => undefined);
  };
  for (const { logicalId, type } of plan.skipped) t.log.line(`Resource ${logicalId} (${type}): not provisioned locally.`);
  try {
    for (const r of plan.resources) {
      const owner = await t.db.localResource.findFirst({
        where: { type: r.type, physicalName: r.physicalName, NOT: { instanceId: t.instanceId } },
        include: { instance: { include: { service: true } } },
      });
      if (owner && !owner.retainedAt) {
        throw new Error(
          `Resource ${label(r)}: already provisioned by ${owner.instance.service.name} at stage ${owner.instance.stage}; names must be unique in an account.`,
        );
      }
      if (r.type === TABLE) {
        const input = createTableInput(r);
        const existing = await t.cloud.describeTable(r.physicalName);
        if (existing) {
          if (!sameKeys(existing.KeySchema, input.KeySchema)) {
            throw new Error(
              `Resource ${label(r)}: its key schema changed; a table's keys cannot change in place (CloudFormation would replace it). Give the table a new name.`,
            );
          }
          t.log.line(`Table ${r.name}: exists, kept with its ${existing.ItemCount ?? 0} item(s).`);
        } else {
          await t.cloud.createTable(input).catch((e: Error) => {
            throw new Error(`Resource ${label(r)} was rejected by the local DynamoDB: ${e.message}`);
          });
          created.push(r);
          t.log.line(`Table ${r.name}: created (${describeKeys(input)}).`);
        }
        const ttl = r.properties.TimeToLiveSpecification as Obj | undefined;
        if (ttl?.Enabled)
          t.log.line(`Table ${r.name}: TTL on "${String(ttl.AttributeName)}" is noted; the local DynamoDB does not expire items.`);
      } else if (r.type === BUCKET) {
        if (await t.cloud.bucketExists(r.physicalName)) {
          if (!owner && !(await t.db.localResource.findFirst({ where: { instanceId: t.instanceId, physicalName: r.physicalName } }))) {
            throw new Error(
              `Resource ${label(r)}: a bucket of that name already exists in the local cloud (bucket names are global, as in S3).`,
            );
          }
          t.log.line(`Bucket ${r.name}: exists, kept with its objects.`);
        } else {
          await t.cloud.createBucket(r.physicalName).catch((e: Error) => {
            throw new Error(`Resource ${label(r)} was rejected by the local S3: ${e.message}`);
          });
          created.push(r);
          t.log.line(`Bucket ${r.name}: created.`);
        }
      }
    }
    await record(t, plan);
  } catch (e) {
    await undo();
    if (created.length) t.log.line(`Undid what this deploy had created: ${created.map((r) => r.name).join(", ")}.`);
    throw e;
  }
  return { undo };
}

const describeKeys = (i: CreateTableCommandInput) =>
  [
    `keys ${(i.KeySchema ?? []).map((k) => `${k.AttributeName} ${k.KeyType}`).join(", ")}`,
    i.GlobalSecondaryIndexes?.length && `${i.GlobalSecondaryIndexes.length} GSI`,
    i.LocalSecondaryIndexes?.length && `${i.LocalSecondaryIndexes.length} LSI`,
  ]
    .filter(Boolean)
    .join("; ");

/** The instance's rows now say exactly what the plan declares; retained rows of other instances are taken over. */
async function record(t: Target, plan: Plan) {
  const { db } = t;
  await db.$transaction(async (tx) => {
    for (const r of plan.resources) {
      await tx.localResource.deleteMany({
        where: { type: r.type, physicalName: r.physicalName, NOT: { instanceId: t.instanceId }, retainedAt: { not: null } },
      });
      const data = {
        orgId: t.orgId,
        type: r.type,
        name: r.name,
        physicalName: r.physicalName,
        arn: r.arn,
        accountId: t.accountId,
        region: t.region,
        retain: r.retain,
        retainedAt: null,
      };
      await tx.localResource.upsert({
        where: { instanceId_logicalId: { instanceId: t.instanceId, logicalId: r.logicalId } },
        create: { ...data, instanceId: t.instanceId, logicalId: r.logicalId },
        update: data,
      });
    }
  });
  for (const r of plan.resources) if (r.type === BUCKET) forgetBucketOwner(r.physicalName);
}

async function destroy(t: Pick<Target, "cloud">, r: { type: string; physicalName: string }) {
  if (r.type === TABLE) await t.cloud.deleteTable(r.physicalName);
  else if (r.type === BUCKET) await t.cloud.deleteBucket(r.physicalName);
  forgetBucketOwner(r.physicalName);
}

/**
 * Tears down an instance's resources (`keep` = the logical ids still declared, on a redeploy; none on
 * a remove). `DeletionPolicy: Retain` keeps the table or bucket and its data, and the log says so.
 */
export async function teardown(t: Target, keep: string[] = []) {
  const rows = await t.db.localResource.findMany({ where: { instanceId: t.instanceId, retainedAt: null, logicalId: { notIn: keep } } });
  for (const row of rows) {
    const kind = row.type === TABLE ? "Table" : "Bucket";
    if (row.retain) {
      await t.db.localResource.update({ where: { id: row.id }, data: { retainedAt: new Date() } });
      t.log.line(`${kind} ${row.name}: kept (DeletionPolicy: Retain), with its data.`);
      continue;
    }
    await destroy(t, row);
    await t.db.localResource.delete({ where: { id: row.id } });
    t.log.line(`${kind} ${row.name}: deleted.`);
  }
}
