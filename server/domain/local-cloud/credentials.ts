import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The local cloud's accounts and keys. A deployment profile is an AWS account in the guide (dev,
 * staging and prod accounts; previews share dev's), so it is one local account here too: a stage
 * sees the tables and buckets of its profile's account and no other. A stage without a profile
 * gets its org's default account.
 *
 * Keys are derived, not stored: the access key id carries the account id and an HMAC of it under a
 * key derived from SLIPWAY_ENCRYPTION_KEY, so the local cloud (worker), the runtime and the web app
 * agree on them without a table, and no handler can forge another account's key.
 */
const ADMIN = "ADMIN0000000";

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A 12-digit account id, stable for a profile (or an org without one). */
export function localAccountId(scope: { profileId?: string | null; orgId: string }): string {
  const source = scope.profileId ? `profile:${scope.profileId}` : `org:${scope.orgId}`;
  const n = BigInt(`0x${createHash("sha256").update(source).digest("hex").slice(0, 15)}`) % 10n ** 12n;
  return n.toString().padStart(12, "0");
}

function macOf(encryptionKey: string, account: string, purpose: string): string {
  const key = createHmac("sha256", Buffer.from(encryptionKey, "base64")).update("slipway-local-cloud").digest();
  return createHmac("sha256", key).update(`${purpose}:${account}`).digest("hex").toUpperCase();
}

/** What a handler of this account is given (as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
export function accountCredentials(encryptionKey: string, accountId: string): LocalCredentials {
  return {
    accessKeyId: `LC${accountId}${macOf(encryptionKey, accountId, "id").slice(0, 18)}`,
    secretAccessKey: macOf(encryptionKey, accountId, "secret").slice(0, 40),
  };
}

/** Slipway's own key (provisioning, the stage page's data view): addresses emulator names as they are. */
export function adminCredentials(encryptionKey: string): LocalCredentials {
  return accountCredentials(encryptionKey, ADMIN);
}

/** The account an access key belongs to, "admin" for Slipway's own key, or null for anything else. */
export function accountOfAccessKey(encryptionKey: string, accessKeyId: string): string | "admin" | null {
  const m = /^LC([0-9]{12}|ADMIN0000000)([0-9A-F]{18})$/.exec(accessKeyId);
  if (!m) return null;
  const expected = Buffer.from(accountCredentials(encryptionKey, m[1]).accessKeyId);
  if (expected.length !== accessKeyId.length || !timingSafeEqual(expected, Buffer.from(accessKeyId))) return null;
  return m[1] === ADMIN ? "admin" : m[1];
}

/**
 * Tables live in the emulator as `<account>.<region>.<TableName>`: the local cloud's proxy adds and
 * strips the prefix, so two accounts (orgs, profiles) may each have a `submissions-dev`.
 */
export const tableNamespace = (accountId: string, region: string) => `${accountId}.${region}.`;
