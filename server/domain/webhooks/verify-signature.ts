import { createHmac, timingSafeEqual } from "node:crypto";

/** `sha256=<hex HMAC-SHA256 of the raw body>`: the header GitHub and Slipway's post-receive hook send. */
export function signBody(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Checks a signature header against the raw body in constant time. The comparison runs over
 * equal-length digests, so neither the length nor the first differing byte leaks through timing.
 */
export function verifySignature(secret: string, body: Uint8Array, header: string | null): boolean {
  if (!header || !header.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  const expected = createHmac("sha256", secret).update(body).digest();
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
