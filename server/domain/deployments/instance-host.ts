import { createHash } from "node:crypto";
import type { InstanceCoordinates } from "./instance-url";

/**
 * Every instance answers on a host of its own, `<label>.<runtime domain>`, so previews of different
 * tenants never share an origin (cookies, storage, same-origin reads) with each other or the
 * dashboard. The label is one DNS label (a wildcard certificate covers it) and names exactly one
 * instance:
 *
 * - `<stage>--<service>--<app>--<org>` when all four are "plain": lowercase letters, digits and
 *   single inner hyphens (so no part holds the `--` separator or touches it with a hyphen), and
 *   the label fits DNS's 63 characters.
 * - otherwise `<readable>--<hash>`: a readable hint made from the stage and 16 hex digits of the
 *   SHA-256 of the four names. This covers upper case (hosts are case-insensitive, stages are
 *   not), long names and anything else. The runtime finds it by hash and then compares the
 *   whole label, so each instance has exactly one host.
 *
 * A direct label has four parts, a hashed one two: the forms cannot be confused. Neither starts
 * with `xn--`, which browsers would read as punycode.
 */
export type ParsedLabel = { kind: "direct"; at: InstanceCoordinates } | { kind: "hashed"; hash: string };

const PLAIN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_LABEL = 63;
const HASH_LEN = 16;

export function instanceHash(c: InstanceCoordinates): string {
  const key = JSON.stringify([c.orgSlug, c.appSlug, c.stage, c.serviceName]);
  return createHash("sha256").update(key).digest("hex").slice(0, HASH_LEN);
}

export function instanceLabel(c: InstanceCoordinates): string {
  const parts = [c.stage, c.serviceName, c.appSlug, c.orgSlug];
  const direct = parts.join("--");
  if (parts.every((p) => PLAIN.test(p)) && parts[0] !== "xn" && direct.length <= MAX_LABEL) return direct;
  const room = MAX_LABEL - HASH_LEN - 2;
  let readable = c.stage
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, room)
    .replace(/^-+|-+$/g, "");
  if (!readable || readable === "xn") readable = "i";
  return `${readable}--${instanceHash(c)}`;
}

export function parseInstanceLabel(label: string): ParsedLabel | null {
  const parts = label.toLowerCase().split("--");
  if (parts.length === 4 && parts.every((p) => PLAIN.test(p))) {
    const [stage, serviceName, appSlug, orgSlug] = parts;
    return { kind: "direct", at: { orgSlug, appSlug, stage, serviceName } };
  }
  if (parts.length === 2 && PLAIN.test(parts[0]) && new RegExp(`^[0-9a-f]{${HASH_LEN}}$`).test(parts[1])) {
    return { kind: "hashed", hash: parts[1] };
  }
  return null;
}

/** The instance label of a request's Host header when it is `<label>.<domain>[:port]`, else null. */
export function labelOfHost(hostHeader: string | undefined, domain: string): string | null {
  if (!hostHeader) return null;
  const host = hostHeader.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  const suffix = `.${domain.toLowerCase()}`;
  if (!host.endsWith(suffix)) return null;
  const label = host.slice(0, -suffix.length);
  return label && !label.includes(".") ? label : null;
}
