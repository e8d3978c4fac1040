/**
 * First run without a browser, for scripted installs: creates the first admin and the organisation.
 *
 *   printf '%s\n' "$ADMIN_PASSWORD" | npm run setup -- --email ann@example.com --name "Ann Admin" --org-name "Acme" --org-slug acme
 *   SLIPWAY_ADMIN_PASSWORD=… npm run setup -- --email … --name … --org-name … [--org-slug …]
 *
 * The password comes from SLIPWAY_ADMIN_PASSWORD or the first line of stdin, never argv (which `ps`
 * shows). No setup token is asked: whoever runs this already holds the database. Like the setup page it
 * works once, on an install without users; afterwards admins invite everyone else.
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { getEnv } from "../server/env";
import { closeDeps, createDeps } from "../server/composition";
import { completeSetup } from "../server/domain/setup/complete-setup";
import { DomainError } from "../server/domain/errors";

async function readPassword(): Promise<string> {
  const fromEnv = process.env.SLIPWAY_ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY)
    process.stderr.write("Password for the first admin (input is visible; pipe it or set SLIPWAY_ADMIN_PASSWORD to avoid that): ");
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

async function main() {
  if (process.argv.some((a) => a === "--password" || a.startsWith("--password="))) {
    console.error("A password on the command line leaks through `ps`; pass it on stdin or as SLIPWAY_ADMIN_PASSWORD.");
    process.exit(2);
  }
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, "org-name": { type: "string" }, "org-slug": { type: "string" } },
    strict: true,
  });
  const orgName = values["org-name"];
  if (!values.email || !values.name || !orgName) {
    console.error(
      "Usage: npm run setup -- --email <email> --name <name> --org-name <organisation> [--org-slug <slug>]  (password on stdin or in SLIPWAY_ADMIN_PASSWORD)",
    );
    process.exit(2);
  }
  const orgSlug =
    values["org-slug"] ??
    orgName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const env = getEnv();
  const deps = createDeps(env);
  try {
    const password = await readPassword();
    const done = await completeSetup(deps.db, env.SLIPWAY_DATA_DIR, null, {
      email: values.email,
      name: values.name,
      password,
      orgName,
      orgSlug,
    });
    console.log(`Created the organisation "${done.orgSlug}" and its first admin ${done.email}. Sign in at ${env.NEXTAUTH_URL}/login.`);
  } finally {
    await closeDeps(deps);
  }
}

main().catch((e: unknown) => {
  const field = e instanceof DomainError && e.field ? ` (${e.field})` : "";
  console.error(`Setup failed, nothing was created: ${e instanceof Error ? e.message : String(e)}${field}`);
  process.exit(1);
});
