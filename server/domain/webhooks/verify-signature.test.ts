import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "./verify-signature";

const body = Buffer.from(JSON.stringify({ ref: "refs/heads/master" }));

describe("webhook signatures", () => {
  it("accepts the HMAC-SHA256 of the exact body with the right secret", () => {
    expect(verifySignature("s3cret", body, signBody("s3cret", body))).toBe(true);
  });

  it("rejects another secret, a changed body, a truncated or missing signature, and other schemes", () => {
    const good = signBody("s3cret", body);
    expect(verifySignature("other", body, good)).toBe(false);
    expect(verifySignature("s3cret", Buffer.from(`${body} `), good)).toBe(false);
    expect(verifySignature("s3cret", body, good.slice(0, -2))).toBe(false);
    expect(verifySignature("s3cret", body, null)).toBe(false);
    expect(verifySignature("s3cret", body, good.replace("sha256=", "sha1="))).toBe(false);
    expect(verifySignature("s3cret", body, "sha256=not-hex")).toBe(false);
  });
});
