import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { DomainError } from "../errors";

/**
 * Secrets at rest: AES-256-GCM (authenticated) with a random IV per value. Stored as
 * `v1:<iv>:<tag>:<ciphertext>` in base64 parts, so a key rotation can tell what it has re-encrypted.
 */
export interface Cipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
}

export function createCipher(base64Key: string): Cipher {
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("SLIPWAY_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
      return ["v1", iv.toString("base64"), c.getAuthTag().toString("base64"), body.toString("base64")].join(":");
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split(":");
      if (version !== "v1" || !iv || !tag || body === undefined) {
        throw new DomainError("BAD_INPUT", "A stored secret is not in a format this Slipway can read.");
      }
      try {
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
        d.setAuthTag(Buffer.from(tag, "base64"));
        return Buffer.concat([d.update(Buffer.from(body, "base64")), d.final()]).toString("utf8");
      } catch {
        // Never echo the value or the key: only say that it could not be decrypted.
        throw new DomainError("UNAVAILABLE", "A stored secret could not be decrypted with the configured key.");
      }
    },
  };
}
