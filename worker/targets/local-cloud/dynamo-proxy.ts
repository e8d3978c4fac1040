import type http from "node:http";
import { tableNamespace } from "../../../server/domain/local-cloud/credentials";

export interface Caller {
  account: string | "admin";
  region: string;
  accessKeyId: string;
}

type Obj = Record<string, unknown>;
const MAX_BODY = 16 * 1024 * 1024; // a BatchWriteItem is 16 MB at most

export function dynamoError(res: http.ServerResponse, status: number, type: string, message: string) {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
  res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Every place a request names a table: they all get the caller's namespace. */
function scopeRequest(op: string, body: Obj, ns: string, arnOf: (arn: string) => string) {
  if (typeof body.TableName === "string") body.TableName = ns + body.TableName;
  if (typeof body.ResourceArn === "string") body.ResourceArn = arnOf(body.ResourceArn);
  if (body.RequestItems && typeof body.RequestItems === "object") {
    body.RequestItems = Object.fromEntries(Object.entries(body.RequestItems as Obj).map(([t, v]) => [ns + t, v]));
  }
  for (const list of [body.TransactItems]) {
    if (!Array.isArray(list)) continue;
    for (const item of list as Obj[])
      for (const part of Object.values(item ?? {}))
        if (part && typeof (part as Obj).TableName === "string") (part as Obj).TableName = ns + (part as Obj).TableName;
  }
  if (op === "ListTables" && typeof body.ExclusiveStartTableName === "string")
    body.ExclusiveStartTableName = ns + body.ExclusiveStartTableName;
}

const HOP = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive", "expect"]);

/** The caller's headers (dynalite checks the signature's shape: X-Amz-Date and the rest), with the new body. */
async function post(upstream: string, req: http.IncomingMessage, body: string) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = String(v);
  return fetch(upstream, { method: "POST", headers, body });
}

/**
 * Forwards one DynamoDB call to dynalite inside the caller's namespace: table names in the request
 * get the `<account>.<region>.` prefix, and the prefix is stripped from the answer (names, ARNs,
 * error messages), so a handler sees `submissions-dev` and can never name another account's table.
 * ListTables is answered here: only this namespace's tables, paged as DynamoDB pages them.
 */
export async function forwardDynamo(req: http.IncomingMessage, res: http.ServerResponse, upstream: string, caller: Caller) {
  const raw = await readBody(req);
  const op = String(req.headers["x-amz-target"]).split(".")[1] ?? "";
  if (caller.account === "admin") return relay(res, await post(upstream, req, raw.toString("utf8")), (t) => t);
  let body: Obj;
  try {
    body = raw.length ? (JSON.parse(raw.toString("utf8")) as Obj) : {};
  } catch {
    return dynamoError(res, 400, "SerializationException", "The request body is not JSON");
  }
  const account = caller.account;
  const ns = tableNamespace(account, caller.region);
  const escaped = ns.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  const arnOf = (arn: string) => arn.replace(/^(arn:aws:dynamodb:[^:]*:)[^:]*:table\//, `$1000000000000:table/${ns}`);
  const unscope = (text: string) =>
    text
      .replace(new RegExp(`arn:aws:dynamodb:([a-z0-9-]*):[0-9]*:table/${escaped}`, "g"), `arn:aws:dynamodb:$1:${account}:table/`)
      .replace(new RegExp(escaped, "g"), "");

  if (op === "ListTables") return listTables(req, res, upstream, body, ns);
  scopeRequest(op, body, ns, arnOf);
  return relay(res, await post(upstream, req, JSON.stringify(body)), unscope);
}

async function relay(res: http.ServerResponse, answer: Response, rewrite: (text: string) => string) {
  const text = rewrite(await answer.text());
  // The CRC32 dynalite sent was of the body before the rewrite: aws-sdk v2 checks it when present.
  res.writeHead(answer.status, {
    "content-type": answer.headers.get("content-type") ?? "application/x-amz-json-1.0",
    "x-amzn-requestid": answer.headers.get("x-amzn-requestid") ?? "",
  });
  res.end(text);
}

async function listTables(req: http.IncomingMessage, res: http.ServerResponse, upstream: string, body: Obj, ns: string) {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const answer = await post(upstream, req, JSON.stringify({ ...(start && { ExclusiveStartTableName: start }) }));
    const page = (await answer.json()) as { TableNames?: string[]; LastEvaluatedTableName?: string };
    names.push(...(page.TableNames ?? []).filter((n) => n.startsWith(ns)));
    start = page.LastEvaluatedTableName;
  } while (start);
  const after = typeof body.ExclusiveStartTableName === "string" ? body.ExclusiveStartTableName : "";
  const limit = typeof body.Limit === "number" && body.Limit > 0 ? Math.min(body.Limit, 100) : 100;
  const rest = names
    .map((n) => n.slice(ns.length))
    .filter((n) => n > after)
    .sort();
  const page = rest.slice(0, limit);
  res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
  res.end(JSON.stringify({ TableNames: page, ...(rest.length > limit && { LastEvaluatedTableName: page[page.length - 1] }) }));
}
