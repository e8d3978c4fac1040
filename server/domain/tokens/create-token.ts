import type { Db } from "../../db";
import { recordAudit } from "../audit/record-audit";
import { DomainError } from "../errors";
import { generateToken } from "./api-token";

const MAX_ACTIVE_TOKENS = 50;

/**
 * A personal token of the caller in the caller's org. The plaintext is returned once, here; the
 * database keeps its hash. What it may do is the user's role in the org at the time of each call.
 */
export async function createToken(db: Db, member: { orgId: string; userId: string }, name: string) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 80) throw new DomainError("BAD_INPUT", "A token name has 1 to 80 characters.", "name");
  const active = await db.apiToken.count({ where: { orgId: member.orgId, userId: member.userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_TOKENS) throw new DomainError("CONFLICT", `At most ${MAX_ACTIVE_TOKENS} active tokens: revoke one first.`);
  const { token, hash, prefix } = generateToken();
  const row = await db.apiToken.create({ data: { orgId: member.orgId, userId: member.userId, name: trimmed, tokenHash: hash, prefix } });
  await recordAudit(db, { orgId: member.orgId, actorId: member.userId, action: "token.create", target: `token ${prefix}… (${trimmed})` });
  return { id: row.id, name: row.name, prefix, createdAt: row.createdAt, token };
}
