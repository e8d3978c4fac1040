import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Slipway's webhook signature, Stripe-style: `Slipway-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp is inside the MAC, so a receiver that
 * refuses old timestamps (and remembers `Slipway-Delivery` ids) cannot be replayed.
 */
export const SIGNATURE_HEADER = "Slipway-Signature";
export const DEFAULT_TOLERANCE_S = 300;

export function signWebhook(secret: string, body: string, timestampS: number): string {
  const mac = createHmac("sha256", secret).update(`${timestampS}.${body}`).digest("hex");
  return `t=${timestampS},v1=${mac}`;
}

/**
 * For receivers written in TypeScript: true only for a valid signature over a recent timestamp.
 * @public (README points receivers at it; Slipway itself only signs)
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | null | undefined,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = DEFAULT_TOLERANCE_S,
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(signWebhook(secret, body, t).split("v1=")[1], "hex");
  const got = Buffer.from(parts.v1, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}
