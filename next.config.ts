import type { NextConfig } from "next";
import { securityHeaders } from "./server/http/security-headers";

const config: NextConfig = {
  // The worker, Prisma's driver adapter and BullMQ run on Node; keep them out of the bundle.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "bullmq",
    "ioredis",
    "bcryptjs",
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/client-s3",
    "pino",
    "prom-client",
  ],
  poweredByHeader: false,
  // The web app's own sources only; `npm run typecheck` checks everything (tests, worker, scripts).
  typescript: { tsconfigPath: "tsconfig.next.json" },
  // Prometheus scrapes `/metrics` by default; the route handler lives under api/.
  async rewrites() {
    return [{ source: "/metrics", destination: "/api/metrics" }];
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "development" ? "development" : "production") }];
  },
};

export default config;
