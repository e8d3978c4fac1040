import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { adminCredentials } from "./credentials";

/** Slipway's own view of the local cloud (through its proxy, with the admin key): emulator names as they are. */
export function emulatorClient(url: string, encryptionKey: string) {
  const config = { endpoint: url, region: "us-east-1", credentials: adminCredentials(encryptionKey), maxAttempts: 1 };
  const dynamo = new DynamoDBClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  return {
    async describeTable(name: string) {
      try {
        return (await dynamo.send(new DescribeTableCommand({ TableName: name }))).Table ?? null;
      } catch (e) {
        if (e instanceof ResourceNotFoundException) return null;
        throw e;
      }
    },
    createTable: (input: CreateTableCommandInput) => dynamo.send(new CreateTableCommand(input)),
    async deleteTable(name: string) {
      try {
        await dynamo.send(new DeleteTableCommand({ TableName: name }));
      } catch (e) {
        if (!(e instanceof ResourceNotFoundException)) throw e;
      }
    },
    async bucketExists(name: string) {
      return s3.send(new HeadBucketCommand({ Bucket: name })).then(
        () => true,
        () => false,
      );
    },
    createBucket: (name: string) => s3.send(new CreateBucketCommand({ Bucket: name })),
    /** CloudFormation refuses to delete a bucket with objects; a local remove empties it first. */
    async deleteBucket(name: string) {
      if (!(await this.bucketExists(name))) return;
      for (;;) {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: name, MaxKeys: 1000 }));
        const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
        if (keys.length === 0) break;
        await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: keys } }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: name }));
    },
    /** The first items of a table, as DynamoDB returns them (attribute-value maps). */
    async scan(name: string, limit: number) {
      return (await dynamo.send(new ScanCommand({ TableName: name, Limit: limit }))).Items ?? [];
    },
    async listObjects(name: string, limit: number) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: name, MaxKeys: limit }));
      return (page.Contents ?? []).map((o) => ({ key: o.Key ?? "", size: o.Size ?? 0, lastModified: o.LastModified ?? null }));
    },
    close() {
      dynamo.destroy();
      s3.destroy();
    },
  };
}

export type EmulatorClient = ReturnType<typeof emulatorClient>;
