import http from "node:http";
import type { Db } from "../../../server/db";
import type { Caller } from "./dynamo-proxy";

export const BUCKET_TYPE = "AWS::S3::Bucket";
const OWNER_CACHE_MS = 1000;

export function s3Error(res: http.ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

const owners = new Map<string, { account: string | null; at: number }>();

/** Which account a bucket belongs to (bucket names are global, as in S3); cached for a second. */
async function ownerOf(db: Db, bucket: string): Promise<string | null> {
  const hit = owners.get(bucket);
  if (hit && Date.now() - hit.at < OWNER_CACHE_MS) return hit.account;
  const row = await db.localResource.findFirst({ where: { type: BUCKET_TYPE, physicalName: bucket }, select: { accountId: true } });
  owners.set(bucket, { account: row?.accountId ?? null, at: Date.now() });
  return row?.accountId ?? null;
}

/** Provisioning changed who owns a bucket: forget the cached answer. */
export function forgetBucketOwner(bucket: string) {
  owners.delete(bucket);
}

/**
 * Forwards one S3 call (path-style) to s3rver when the bucket belongs to the caller's account;
 * ListBuckets lists only the account's buckets. Buckets are made by deploys (`resources:`), so a
 * handler may not create one. s3rver knows one key pair: the caller's key is swapped for it after
 * the check (it does not verify SigV4 signatures, so nothing else changes).
 */
export async function forwardS3(req: http.IncomingMessage, res: http.ServerResponse, upstream: string, caller: Caller, db: Db) {
  const url = new URL(req.url ?? "/", "http://local");
  const bucket = decodeURIComponent(url.pathname.split("/")[1] ?? "");
  const admin = caller.account === "admin";
  if (bucket && !admin && (await ownerOf(db, bucket)) !== caller.account) {
    req.resume();
    return s3Error(res, 403, "AccessDenied", `Access Denied: bucket ${bucket} is not in this stage's account`);
  }
  const headers = { ...req.headers };
  if (headers.authorization) headers.authorization = String(headers.authorization).replace(caller.accessKeyId, "S3RVER");
  const query = url.search.replace(encodeURIComponent(caller.accessKeyId), "S3RVER").replace(caller.accessKeyId, "S3RVER");
  const target = new URL(upstream);
  await new Promise<void>((resolve, reject) => {
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: url.pathname + query,
        headers: { ...headers, host: target.host },
      },
      async (answer) => {
        try {
          if (!bucket && !admin && req.method === "GET") {
            let xml = "";
            for await (const chunk of answer) xml += chunk;
            const kept: string[] = [];
            for (const entry of xml.match(/<Bucket>[\s\S]*?<\/Bucket>/g) ?? []) {
              const name = /<Name>([^<]*)<\/Name>/.exec(entry)?.[1] ?? "";
              if ((await ownerOf(db, name)) === caller.account) kept.push(entry);
            }
            const body = xml.replace(/<Buckets>[\s\S]*<\/Buckets>/, `<Buckets>${kept.join("")}</Buckets>`);
            res.writeHead(answer.statusCode ?? 200, { "content-type": "application/xml" });
            res.end(body);
          } else {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            await new Promise((r) => answer.on("end", r));
          }
          resolve();
        } catch (e) {
          reject(e);
        }
      },
    );
    out.on("error", reject);
    req.pipe(out);
  });
}
