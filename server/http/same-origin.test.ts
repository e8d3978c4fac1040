import { describe, expect, it } from "vitest";
import { crossSiteReason } from "./same-origin";
import { securityHeaders } from "./security-headers";

const APP = "https://slipway.example.com";
const post = (headers: Record<string, string>, url = `${APP}/api/trpc/builds.cancel`) =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", host: "slipway.example.com", ...headers },
    body: "{}",
  });

describe("crossSiteReason (CSRF)", () => {
  it("lets same-origin browser requests and non-browser clients through", () => {
    expect(crossSiteReason(post({ origin: APP, "sec-fetch-site": "same-origin" }), APP)).toBeNull();
    expect(crossSiteReason(post({}), APP)).toBeNull();
    expect(crossSiteReason(post({ "sec-fetch-site": "none" }), APP)).toBeNull();
    // Behind a proxy that keeps the public host in X-Forwarded-Host.
    expect(
      crossSiteReason(
        post(
          { origin: "https://ci.acme.dev", "x-forwarded-host": "ci.acme.dev", host: "10.0.0.5:3000" },
          "http://10.0.0.5:3000/api/trpc/x",
        ),
        APP,
      ),
    ).toBeNull();
  });

  it("refuses another site, a sibling subdomain, and an opaque origin", () => {
    expect(crossSiteReason(post({ origin: "https://evil.example" }), APP)).toMatch(/Origin/);
    expect(crossSiteReason(post({ "sec-fetch-site": "cross-site" }), APP)).toMatch(/cross-site/);
    expect(crossSiteReason(post({ "sec-fetch-site": "same-site", origin: "https://blog.example.com" }), APP)).toMatch(/same-site/);
    expect(crossSiteReason(post({ origin: "null" }), APP)).toMatch(/Origin: null/);
    expect(crossSiteReason(post({ origin: "https://slipway.example.com.evil.example" }), APP)).toMatch(/Origin/);
  });
});

describe("the tRPC route handler", () => {
  it("answers a cross-site POST with 403 before any procedure runs, and lets a same-origin one reach tRPC", async () => {
    const { POST } = await import("../../app/api/trpc/[trpc]/route");
    const local = "http://localhost:3000";
    const evil = await POST(
      new Request(`${local}/api/trpc/builds.cancel`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
          host: "localhost:3000",
        },
        body: JSON.stringify({ json: { id: "x" } }),
      }),
    );
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: expect.stringMatching(/Cross-site request refused/) });
    const own = await POST(
      new Request(`${local}/api/trpc/builds.cancel`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: local, "sec-fetch-site": "same-origin", host: "localhost:3000" },
        body: JSON.stringify({ json: { id: "x" } }),
      }),
    );
    // Outside Next's request scope there is no session to read: tRPC answers, not the CSRF check.
    expect(own.status).not.toBe(403);
    expect(await own.text()).not.toMatch(/Cross-site/);
  });
});

describe("security headers", () => {
  const byKey = (mode: "development" | "production") => Object.fromEntries(securityHeaders(mode).map((h) => [h.key, h.value]));

  it("forbids framing, sniffing and leaking referrers; no eval in production", () => {
    const h = byKey("production");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Content-Security-Policy"]).toContain("object-src 'none'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-eval");
    // Next's inline bootstrap scripts must still run.
    expect(h["Content-Security-Policy"]).toMatch(/script-src 'self' 'unsafe-inline'(;|$)/);
  });

  it("allows eval and the HMR socket in development only", () => {
    expect(byKey("development")["Content-Security-Policy"]).toContain("'unsafe-eval'");
    expect(byKey("development")["Content-Security-Policy"]).toContain("ws:");
  });

  it("is what next.config.ts serves on every path", async () => {
    const config = (await import("../../next.config")).default;
    const rules = await config.headers!();
    expect(rules).toEqual([{ source: "/:path*", headers: securityHeaders("production") }]);
  });
});
