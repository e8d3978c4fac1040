import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";

type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Keys whose values never enter the audit log, whatever the caller passes. */
const SECRET_KEYS = /secretKey|secretAccessKey|password|token|cipher|apiKey|privateKey/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    // A secret parameter ({ key, value, secret: true }) keeps its key but never its value.
    const isSecretParam = (value as { secret?: unknown }).secret === true;
    for (const [k, v] of Object.entries(value)) {
      const hide = (SECRET_KEYS.test(k) || (isSecretParam && k === "value")) && v != null;
      out[k] = hide ? "[redacted]" : redact(v);
    }
    return out;
  }
  return value;
}

/** Records who changed what, before → after, with secret values redacted. */
export async function recordAudit(
  db: Tx,
  entry: { orgId: string; actorId: string | null; action: string; target: string; before?: unknown; after?: unknown },
) {
  await db.auditEvent.create({
    data: {
      orgId: entry.orgId,
      actorId: entry.actorId,
      action: entry.action,
      target: entry.target,
      before: entry.before === undefined ? undefined : (redact(entry.before) as Prisma.InputJsonValue),
      after: entry.after === undefined ? undefined : (redact(entry.after) as Prisma.InputJsonValue),
    },
  });
}
