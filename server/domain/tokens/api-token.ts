import { createHash, randomBytes } from "node:crypto";

/** Every token starts with this, so secret scanners and people recognise a leaked one. */
export const TOKEN_PREFIX = "slw_";
const TOKEN_RE = /^slw_[A-Za-z0-9_-]{43}$/;

/** A new token: 32 random bytes, base64url. Only its sha256 is stored. */
export function generateToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/** sha256 suffices (no bcrypt): the token has 256 bits of entropy, so there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_RE.test(value);
}
