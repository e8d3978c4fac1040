import { defineConfig } from "vitest/config";

const EXCLUDE = ["node_modules/**", ".data/**", "e2e/**", ".next/**"];

/**
 * Three projects, one per npm script: `unit` (pure *.test.ts: no database, no Redis),
 * `int` (*.int.test.ts against the machine's PostgreSQL and Redis) and `faults` (worker/faults/**:
 * SIGKILLed workers, stopped PostgreSQL, restarted Redis). `npx vitest run <file>` finds a file's project.
 */
export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ["./scripts/test/localhost-resolves.ts"],
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...EXCLUDE, "**/*.int.test.ts", "worker/faults/**"],
          globalSetup: ["./scripts/test/build-cli-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude: [...EXCLUDE, "worker/faults/**"],
          globalSetup: ["./scripts/test/global-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "faults",
          include: ["worker/faults/**/*.test.ts"],
          exclude: EXCLUDE,
          globalSetup: ["./scripts/test/global-setup.ts"],
        },
      },
    ],
  },
});
