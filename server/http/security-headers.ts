/**
 * Headers on every response (next.config.ts). Next's App Router streams inline bootstrap scripts
 * and sets inline styles, so script-src and style-src need 'unsafe-inline'; 'unsafe-eval' only in
 * development (React Refresh). Framing is refused twice: CSP frame-ancestors and X-Frame-Options.
 */
export function securityHeaders(mode: "development" | "production" | "test"): { key: string; value: string }[] {
  const dev = mode === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // Same-origin fetch/SSE only (tRPC, logs); dev needs the HMR websocket.
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}
