import http from "node:http";
import { mkdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ClassicLevel } from "classic-level";
import dynalite from "dynalite";
import S3rver from "s3rver";
import type { Db } from "../../../server/db";
import { accountOfAccessKey } from "../../../server/domain/local-cloud/credentials";
import { dynamoError, forwardDynamo } from "./dynamo-proxy";
import { forwardS3, s3Error } from "./s3-proxy";

export interface LocalCloud {
  /** The one endpoint for DynamoDB and S3 (AWS_ENDPOINT_URL_DYNAMODB / _S3), on LOCAL_CLOUD_HOST. */
  url: string;
  /** Serves the same proxy on another address (e.g. where sandboxed handlers see the host); returns its URL. */
  listenAlso(host: string): Promise<string>;
  close(): Promise<void>;
}

export interface LocalCloudOptions {
  db: Db;
  dataDir: string;
  encryptionKey: string;
  host: string;
  port: number;
}

export { localCloudUrlKey } from "../../../server/domain/local-cloud/endpoint";

const listen = (server: http.Server | ReturnType<typeof dynalite>, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

/**
 * The local target's cloud: dynalite (DynamoDB on LevelDB) and s3rver (S3 on the file system),
 * both storing in the data folder and listening on loopback ports only the proxy knows, behind one
 * proxy that checks every request's access key and keeps each account to its own tables and
 * buckets. The emulators trust whoever reaches them; the proxy is the only door.
 */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const root = path.join(opts.dataDir, "local-cloud");
  await mkdir(path.join(root, "s3"), { recursive: true });
  // The stores allow one process each (dynalite dies on a locked store): a LevelDB of our own,
  // held open while we serve, says who owns the folder — the OS releases it if we are killed.
  const owner = new ClassicLevel(path.join(root, "owner"));
  try {
    await owner.open();
  } catch (e) {
    throw new Error(`${root} is in use by another process`, { cause: e });
  }
  // createTableMs 0: tables are ACTIVE at once (a deploy waits for nothing).
  const dynamo = dynalite({ path: path.join(root, "dynamodb"), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoPort = await listen(dynamo, 0, "127.0.0.1");
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, directory: path.join(root, "s3"), silent: true, vhostBuckets: false });
  const s3Port = (await s3.run()).port as number;
  const upstream = { dynamo: `http://127.0.0.1:${dynamoPort}`, s3: `http://127.0.0.1:${s3Port}` };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const isDynamo = String(req.headers["x-amz-target"] ?? "").startsWith("DynamoDB_");
    const credential = credentialOf(req);
    const account = credential ? accountOfAccessKey(opts.encryptionKey, credential.accessKeyId) : null;
    if (!credential || !account) {
      const message = "The security token included in the request is invalid: use the credentials Slipway gives each function.";
      if (isDynamo) dynamoError(res, 400, "UnrecognizedClientException", message);
      else s3Error(res, 403, "InvalidAccessKeyId", message);
      req.resume();
      return;
    }
    const caller = { account, region: credential.region, accessKeyId: credential.accessKeyId };
    const done = isDynamo ? forwardDynamo(req, res, upstream.dynamo, caller) : forwardS3(req, res, upstream.s3, caller, opts.db);
    done.catch((e: Error) => {
      if (res.headersSent) res.destroy(e);
      else if (isDynamo) dynamoError(res, 500, "InternalFailure", e.message);
      else s3Error(res, 500, "InternalError", e.message);
    });
  };
  const proxies = [http.createServer(handle)];
  const port = await listen(proxies[0], opts.port, opts.host);
  const shownHost = opts.host === "0.0.0.0" ? "127.0.0.1" : opts.host;
  return {
    url: `http://${shownHost}:${port}`,
    async listenAlso(host) {
      const extra = http.createServer(handle);
      proxies.push(extra);
      return `http://${host}:${await listen(extra, 0, host)}`;
    },
    async close() {
      for (const proxy of proxies) {
        await new Promise<void>((r) => proxy.close(() => r()));
        proxy.closeAllConnections();
      }
      await s3.close().catch(() => undefined);
      await new Promise<void>((r) => dynamo.close(() => r()));
      await owner.close();
    },
  };
}

/** The access key and region of a SigV4-signed request (header or presigned query). */
function credentialOf(req: http.IncomingMessage): { accessKeyId: string; region: string } | null {
  const header = String(req.headers.authorization ?? "");
  let scope = /Credential=([^,\s]+)/.exec(header)?.[1];
  if (!scope) scope = new URL(req.url ?? "/", "http://local").searchParams.get("X-Amz-Credential") ?? undefined;
  if (!scope) return null;
  const [accessKeyId, , region] = scope.split("/");
  return accessKeyId && region ? { accessKeyId, region } : null;
}
