import { describe, expect, it } from "vitest";
import { generateToken, hashToken, looksLikeToken, TOKEN_PREFIX } from "./api-token";

describe("API tokens", () => {
  it("are slw_ + 32 random bytes, stored as their sha256, recognisable by a short prefix", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(/^slw_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token.slice(TOKEN_PREFIX.length));
    expect(a.token.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toHaveLength(10);
  });

  it("refuse anything that is not shaped like one before touching the database", () => {
    expect(looksLikeToken(generateToken().token)).toBe(true);
    for (const bad of ["", "slw_", "slw_short", `xyz_${"a".repeat(43)}`, `slw_${"a".repeat(42)}'`, `slw_${"a".repeat(44)}`]) {
      expect(looksLikeToken(bad)).toBe(false);
    }
  });
});
