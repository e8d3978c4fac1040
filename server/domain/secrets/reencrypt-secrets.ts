import type { Prisma } from "@prisma/client";
import type { Db } from "../../db";
import type { Cipher } from "./cipher";

const STORED_RE = /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/;

/**
 * Re-encrypts every secret at rest (secret parameters, static AWS keys, and encrypted values inside
 * deployment parameter snapshots) from one key to another, in one transaction. A value that the new
 * key already opens is left as is, so an interrupted rotation can simply be run again.
 */
export async function reencryptSecrets(db: Db, from: Cipher, to: Cipher) {
  const swap = (stored: string): string => {
    try {
      return to.encrypt(from.decrypt(stored));
    } catch {
      // Already under the new key (a re-run): keep it. Anything else throws and rolls everything back.
      to.decrypt(stored);
      return stored;
    }
  };
  const walk = (v: unknown): { value: unknown; changed: boolean } => {
    if (typeof v === "string" && STORED_RE.test(v)) {
      const value = swap(v);
      return { value, changed: value !== v };
    }
    if (Array.isArray(v)) {
      const parts = v.map(walk);
      return { value: parts.map((p) => p.value), changed: parts.some((p) => p.changed) };
    }
    if (v && typeof v === "object") {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const r = walk(x);
        out[k] = r.value;
        changed ||= r.changed;
      }
      return { value: out, changed };
    }
    return { value: v, changed: false };
  };
  return db.$transaction(
    async (tx) => {
      const counts = { parameters: 0, profiles: 0, deployments: 0 };
      for (const p of await tx.parameter.findMany({ where: { valueCipher: { not: null } }, select: { id: true, valueCipher: true } })) {
        await tx.parameter.update({ where: { id: p.id }, data: { valueCipher: swap(p.valueCipher!) } });
        counts.parameters++;
      }
      for (const p of await tx.deploymentProfile.findMany({
        where: { awsSecretKeyCipher: { not: null } },
        select: { id: true, awsSecretKeyCipher: true },
      })) {
        await tx.deploymentProfile.update({ where: { id: p.id }, data: { awsSecretKeyCipher: swap(p.awsSecretKeyCipher!) } });
        counts.profiles++;
      }
      for (const d of await tx.deployment.findMany({ select: { id: true, paramsSnapshot: true } })) {
        const r = walk(d.paramsSnapshot);
        if (!r.changed) continue;
        await tx.deployment.update({ where: { id: d.id }, data: { paramsSnapshot: r.value as Prisma.InputJsonValue } });
        counts.deployments++;
      }
      return counts;
    },
    { timeout: 120_000 },
  );
}
