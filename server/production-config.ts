import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getDomain } from "tldts";
import { labelOfHost, parseInstanceLabel } from "./domain/deployments/instance-host";

/** Public development values: fine on a laptop, never in production (anyone can read them here). */
export const DEV_NEXTAUTH_SECRET = "slipway-development-secret-change-me";
export const DEV_ENCRYPTION_KEY = "c2xpcHdheS1kZXZlbG9wbWVudC1rZXktMzItYnl0ZXM=";

export const SECRETS_FILE = "secrets.json";

interface ProductionInput {
  NEXTAUTH_SECRET?: string;
  SLIPWAY_ENCRYPTION_KEY?: string;
  NEXTAUTH_URL: string;
  RUNTIME_DOMAIN: string;
  SLIPWAY_ALLOW_SHARED_HOST: "0" | "1";
  SLIPWAY_DATA_DIR: string;
}

/** A browser's "site" of a host: its registrable domain (public suffix list), or the host itself. */
const siteOf = (host: string) => getDomain(host, { allowPrivateDomains: true }) ?? host;

/** What production refuses to start with. */
export function productionProblems(env: ProductionInput): string[] {
  const problems: string[] = [];
  if (env.NEXTAUTH_SECRET === DEV_NEXTAUTH_SECRET) {
    problems.push(
      "NEXTAUTH_SECRET is the built-in development secret (anyone can sign sessions with it): set your own, or unset it to have one generated.",
    );
  }
  if (env.SLIPWAY_ENCRYPTION_KEY === DEV_ENCRYPTION_KEY) {
    problems.push(
      "SLIPWAY_ENCRYPTION_KEY is the built-in development key (it decrypts any backup): set your own, or unset it to have one generated.",
    );
  }
  const dashboard = new URL(env.NEXTAUTH_URL).hostname.toLowerCase();
  const label = labelOfHost(dashboard, env.RUNTIME_DOMAIN);
  // Instance hosts on the dashboard's site would get its SameSite cookies and pass as same-site to its CSRF check.
  const shared = siteOf(dashboard) === siteOf(`probe.${env.RUNTIME_DOMAIN}`) || (label !== null && parseInstanceLabel(label) !== null);
  if (shared && env.SLIPWAY_ALLOW_SHARED_HOST !== "1") {
    problems.push(
      `The runtime's instance hosts (*.${env.RUNTIME_DOMAIN}) share a site with the dashboard (${dashboard}): deployed code could act as the dashboard. ` +
        "Give the runtime a domain of its own (RUNTIME_DOMAIN), or set SLIPWAY_ALLOW_SHARED_HOST=1 to accept it.",
    );
  }
  return problems;
}

/**
 * The secrets production runs with: the ones set in the environment, else ones generated on first
 * start into SLIPWAY_DATA_DIR/secrets.json (mode 0600) and read from there from then on. Web and
 * worker on one machine share the data folder, so they agree; several hosts must set both.
 */
export function productionSecrets(env: ProductionInput): { NEXTAUTH_SECRET: string; SLIPWAY_ENCRYPTION_KEY: string } {
  if (env.NEXTAUTH_SECRET && env.SLIPWAY_ENCRYPTION_KEY)
    return { NEXTAUTH_SECRET: env.NEXTAUTH_SECRET, SLIPWAY_ENCRYPTION_KEY: env.SLIPWAY_ENCRYPTION_KEY };
  const stored = readOrCreateSecrets(env.SLIPWAY_DATA_DIR);
  return {
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? stored.nextauthSecret,
    SLIPWAY_ENCRYPTION_KEY: env.SLIPWAY_ENCRYPTION_KEY ?? stored.encryptionKey,
  };
}

interface StoredSecrets {
  nextauthSecret: string;
  encryptionKey: string;
}

/** The data folder's secrets; `created` when this call wrote the file. */
export function readOrCreateSecrets(dataDir: string): StoredSecrets & { created: boolean } {
  const file = path.join(dataDir, SECRETS_FILE);
  const read = () => JSON.parse(readFileSync(file, "utf8")) as StoredSecrets;
  try {
    return { ...read(), created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`${file} is unreadable: ${(e as Error).message}`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fresh: StoredSecrets = { nextauthSecret: randomBytes(32).toString("base64"), encryptionKey: randomBytes(32).toString("base64") };
  // Written whole under a temporary name, then linked into place: link fails if another process
  // (the web app and the worker start together) got there first, and then both use its file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, JSON.stringify(fresh), { mode: 0o600, flag: "wx" });
  try {
    linkSync(tmp, file);
    return { ...fresh, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return { ...read(), created: false };
  } finally {
    rmSync(tmp, { force: true });
  }
}
