import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMasker } from "./mask";

const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

describe("secret masking", () => {
  it("masks a value as is, and leaves short secrets alone", () => {
    const mask = createMasker(["s3cr3t-value", "ab"]);
    expect(mask("token=s3cr3t-value; ab")).toBe("token=***; ab");
  });

  it("masks every line of a multi-line secret (a PEM key) as the log prints it, line by line", () => {
    const mask = createMasker([pem]);
    const logged = pem.trim().split("\n").map(mask);
    expect(logged.every((l) => l === "***")).toBe(true);
    expect(logged.length).toBeGreaterThan(5);
  });

  it("masks a JSON-escaped secret: quotes, backslashes, a PEM's \\n", () => {
    const mask = createMasker(['pa"ss\\word', pem]);
    expect(mask(JSON.stringify({ password: 'pa"ss\\word' }))).toBe('{"password":"***"}');
    expect(mask(JSON.stringify({ key: pem }))).toBe('{"key":"***"}');
  });

  it("masks a secret's base64 and base64url forms, whole or inside a longer base64 text", () => {
    const secret = "hunter2-but-longer";
    const mask = createMasker([secret]);
    expect(mask(`Authorization: Basic ${Buffer.from(`alice:${secret}`).toString("base64")}`)).not.toContain(
      Buffer.from(secret).toString("base64").slice(4, 16),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (before, after) => {
        const blob = Buffer.from(`${before}${secret}${after}`);
        for (const text of [blob.toString("base64"), blob.toString("base64url")]) {
          const masked = mask(text);
          expect(masked).toContain("***");
          // What is left cannot be decoded back to the secret.
          expect(Buffer.from(masked.replace(/\*\*\*/g, ""), "base64").toString("utf8")).not.toContain(secret);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not blank out ordinary text", () => {
    const mask = createMasker(["s3cr3t-value", pem]);
    const line = "npm test: 12 passing (340 ms) — all good";
    expect(mask(line)).toBe(line);
  });
});
