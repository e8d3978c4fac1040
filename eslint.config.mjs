// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, so a
// run over the tree stays well under a minute) and the import boundaries of ARCHITECTURE.md.
import { defineConfig } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "scripts/test/**", "**/testing/**"];

/**
 * Files that break a boundary today, each with whoever is moving the code. Remove a line when its
 * file is fixed; never add one for new code.
 */
const KNOWN_BOUNDARY_BREAKS = [];
/**
 * Pure server modules the browser uses on purpose (one rule in one place): the permission table,
 * the safeguard policies' schemas, log-line detection shared by the failure banner and LogView, a
 * preview's reviewer-page path (cards and PR comments) and the commit-link rules (CommitSha).
 */
const BROWSER_SAFE = [
  "domain/auth/permissions",
  "domain/safeguards/policies",
  "logs/log-lines",
  "domain/previews/preview-path",
  "domain/repositories/commit-url",
];

/**
 * What only the composition root (server/composition.ts) builds: connections, queues, the cipher,
 * the runtime and GitHub clients, the artifact store. Entry points get them from `appDeps()`.
 */
const SHARED_FACTORIES = [
  "createDb",
  "getDb",
  "createRedis",
  "createCipher",
  "createBuildQueue",
  "createJobQueues",
  "createNotificationQueue",
  "createSchedulesQueue",
  "createRuntimeClient",
  "createGitHubAccess",
  "createArtifactStore",
  "artifactStoreFor",
];
const SHARED_CLASSES = ["Redis", "PrismaClient", "Queue", "QueueEvents", "Worker", "S3Client"];
const compositionOnly = (why) => [
  {
    selector: `NewExpression[callee.name=/^(${SHARED_CLASSES.join("|")})$/]`,
    message: `Shared clients are built once, by the composition root (server/composition.ts): ${why}.`,
  },
  {
    selector: `CallExpression[callee.name=/^(${SHARED_FACTORIES.join("|")})$/]`,
    message: `Shared dependencies are built once, by the composition root (server/composition.ts): ${why}.`,
  },
];

const WEB_FRAMEWORKS = ["@trpc/*", "next", "next/*", "next-auth", "next-auth/*", "react", "react/*", "react-dom", "react-dom/*"];

/** Files under `target` may import none of the folders `from` (resolved paths, so `@/` and `../` alike) nor a web framework. */
const boundary = (target, from, why) => ({
  files: [`${target}/**/*.{ts,tsx}`],
  ignores: [...TESTS, ...KNOWN_BOUNDARY_BREAKS],
  rules: {
    "import-x/no-restricted-paths": [
      "error",
      {
        zones: from.map((folder) => ({
          target: `./${target}`,
          from: `./${folder}`,
          message: `${target}/ must not import ${folder}/: ${why}.`,
        })),
      },
    ],
    "@typescript-eslint/no-restricted-imports": [
      "error",
      { patterns: [{ group: WEB_FRAMEWORKS, message: `${target}/ imports no web framework: ${why}.` }] },
    ],
  },
});

export default defineConfig(
  // The demo's workshop repository and e2e fixtures are user code, not Slipway's.
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "dist/**",
      ".data/**",
      "next-env.d.ts",
      "e2e/fixtures/**",
      "scripts/demo/workshop/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
      // no-cycle follows imports by parsing the imported files: TypeScript too.
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx", ".mts", ".cts"] },
      "import-x/extensions": [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"],
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Dependency cycles between our own modules (packages are not followed).
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // ANSI escapes (\x1b) and control characters are what log and URL checks look for.
      "no-control-regex": "off",
      // Errors are often rewritten on purpose into words for users, without the internals of the cause.
      "preserve-caught-error": "off",
      // Flags `let x = fallback` before branches that all assign it: noise more often than a bug.
      "no-useless-assignment": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    files: TESTS,
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Playwright fixtures that use no other fixture take `async ({}, use) => …`.
      "no-empty-pattern": "off",
    },
  },
  {
    // CommonJS: the runtime's child process and user-code fixtures.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // A probe whose target list is written into the file before it runs in the sandbox.
    files: ["worker/sandbox/testing/hostile-probe.cjs"],
    languageOptions: { globals: { __TARGETS__: "readonly" } },
  },
  // The domain is framework-free; the worker runs no web code.
  boundary(
    "server/domain",
    ["worker", "server/api", "server/trpc", "app", "components"],
    "the domain takes what it needs as arguments and throws DomainError",
  ),
  boundary("worker", ["app", "components", "server/trpc", "server/auth"], "the worker runs no web code"),
  {
    // Web entry points take what they use from the tRPC context or appDeps(), never build their own (one cipher, one Redis per process).
    files: ["server/api/**/*.ts", "server/http/**/*.ts", "server/trpc/**/*.ts", "app/**/*.{ts,tsx}"],
    ignores: TESTS,
    rules: { "no-restricted-syntax": ["error", ...compositionOnly("read it from the context (ctx.cipher, ctx.redis, …) or appDeps()")] },
  },
  {
    // Components reach the server only through tRPC; types may be shared.
    files: ["components/**/*.{ts,tsx}"],
    ignores: TESTS,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(@/|(\\.\\./)+)server/(?!(${BROWSER_SAFE.join("|")})$)`,
              allowTypeImports: true,
              message: "components/ may import only types from server/ (`import type`); data comes through tRPC.",
            },
          ],
        },
      ],
    },
  },
);
