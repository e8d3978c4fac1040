import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".data/**", "e2e/**", ".next/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ["./scripts/test/global-setup.ts"],
    setupFiles: ["./scripts/test/localhost-resolves.ts"],
    fileParallelism: true,
    maxWorkers: 2,
  },
});
