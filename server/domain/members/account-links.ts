import { randomBytes } from "node:crypto";
import type { AccountLinkKind } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";
import { hashToken } from "../tokens/api-token";

type Tx = Pick<Db, "accountLink">;

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 24 * 3600_000;

/** A link's secret: 32 random bytes. Only its sha256 is stored (nothing to brute-force at 256 bits). */
export function newLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

/**
 * The page a link opens. The token travels in the fragment, which browsers never send to a server, so
 * it stays out of access logs, proxies and Referer headers; the page posts it in a request body.
 */
export function linkUrl(baseUrl: string, kind: AccountLinkKind, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/${kind === "INVITE" ? "invite" : "reset-password"}#${token}`;
}

export function linkState(
  link: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): "pending" | "used" | "revoked" | "expired" {
  if (link.usedAt) return "used";
  if (link.revokedAt) return "revoked";
  return link.expiresAt <= now ? "expired" : "pending";
}

const REFUSED = {
  used: "This link was already used. Ask an admin for a new one.",
  revoked: "This link was revoked by an admin. Ask an admin for a new one.",
  expired: "This link has expired. Ask an admin for a new one.",
} as const;

/** The live link a token names, or a clear refusal (unknown, used, revoked, expired). */
export async function findLiveLink(tx: Tx, token: unknown, kind: AccountLinkKind, now: Date) {
  const raw = typeof token === "string" ? token.trim() : "";
  const link =
    raw && raw.length <= 100 ? await tx.accountLink.findUnique({ where: { tokenHash: hashToken(raw) }, include: { org: true } }) : null;
  if (!link || link.kind !== kind)
    throw new DomainError("NOT_FOUND", "This link is not valid. Check that you copied all of it, or ask an admin for a new one.", "token");
  const state = linkState(link, now);
  if (state !== "pending") throw new DomainError("CONFLICT", REFUSED[state], "token");
  return link;
}

/** Marks a link used, once: of two redemptions racing, the conditional update lets one through. */
export async function claimLink(tx: Tx, id: string, now: Date): Promise<void> {
  const claimed = await tx.accountLink.updateMany({
    where: { id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (claimed.count !== 1) throw new DomainError("CONFLICT", REFUSED.used, "token");
}

/** The two kinds of link as the pages and routes name them. */
export function linkKind(raw: unknown): AccountLinkKind {
  if (raw === "invite") return "INVITE";
  if (raw === "reset") return "PASSWORD_RESET";
  throw new DomainError("BAD_INPUT", 'kind must be "invite" or "reset".', "kind");
}
