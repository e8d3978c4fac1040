import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The Prisma CLI migrates offline through its WebAssembly schema engine and this driver adapter.
// @prisma/adapter-pg 6.19 cannot deserialize the catalog types `name` (19) and `"char"` (18) nor
// their arrays, which migrations read from pg_catalog: report them as text / text[].
const asText: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
function reportCatalogTypesAsText(proto: { query: (...args: unknown[]) => unknown }) {
  const original = proto.query;
  proto.query = function patchedQuery(this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    if (!(result instanceof Promise)) return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res?.fields ?? []) field.dataTypeID = asText[field.dataTypeID] ?? field.dataTypeID;
      return res;
    });
  };
}
reportCatalogTypesAsText(pg.Client.prototype as never);
reportCatalogTypesAsText(pg.Pool.prototype as never);

function connectionFields(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || "127.0.0.1",
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return new PrismaPg(connectionFields(url));
  },
});
