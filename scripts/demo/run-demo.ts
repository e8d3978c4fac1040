import { execa } from "execa";
import { parseEnv, type Env } from "../../server/env";
import { DEV_ENCRYPTION_KEY, readOrCreateSecrets } from "../../server/production-config";
import { reencryptSecrets } from "../../server/domain/secrets/reencrypt-secrets";
import { createDb } from "../../server/db";
import { closeDeps, createDeps, type AppDeps } from "../../server/composition";
import { createCipher } from "../../server/domain/secrets/cipher";
import { queueBuild } from "../../server/domain/builds/queue-build";
import { handleBranchPush } from "../../server/domain/triggers/handle-branch";
import { commitInfo, lsRemoteBranches } from "../../server/domain/git/git";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed";
import { prepareDemo } from "./prepare-demo";
import { ChildGroup } from "./processes";
import { busyPorts, preflight } from "./preflight";
import { ensureNextBuild } from "../build/ensure-next-build";

export interface DemoOptions {
  /** Environment for the web app and the worker (DATABASE_URL, REDIS_PREFIX, ports, data dir...). */
  vars: Record<string, string | undefined>;
  webPort: number;
  log?: (line: string) => void;
}

/**
 * Sets up and runs Slipway with the demo: migrations, the workshop repository (a real bare repo),
 * the Acme org with one user per role, the web app and the worker; on first run it deploys the
 * shared database, staging, prod (one change behind staging) and a feature branch preview.
 */
export async function runDemo(opts: DemoOptions): Promise<{ env: Env; stop(): Promise<void> }> {
  const log = opts.log ?? ((l: string) => console.log(l));
  // The demo connects repositories on this machine (its own workshop.git): local repositories are on.
  // It is also a first start: real secrets generated into the data folder (the web server always
  // runs in production, which refuses the built-in development ones).
  const vars: Record<string, string | undefined> = { SLIPWAY_ALLOW_LOCAL_REPOS: "on", ...opts.vars };
  const dataDir = parseEnv(vars).SLIPWAY_DATA_DIR;
  const stored = vars.NEXTAUTH_SECRET && vars.SLIPWAY_ENCRYPTION_KEY ? null : readOrCreateSecrets(dataDir);
  const env = parseEnv({
    ...vars,
    NEXTAUTH_SECRET: vars.NEXTAUTH_SECRET ?? stored?.nextauthSecret,
    SLIPWAY_ENCRYPTION_KEY: vars.SLIPWAY_ENCRYPTION_KEY ?? stored?.encryptionKey,
  });
  const problems = [...(await busyPorts([opts.webPort, env.RUNTIME_PORT])), ...(await preflight(env.DATABASE_URL, env.REDIS_URL))];
  if (problems.length) throw new Error(problems.join("\n"));
  // The children see the settings as resolved here (defaults included), so all agree on them.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.vars,
    DATABASE_URL: env.DATABASE_URL,
    REDIS_URL: env.REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    SLIPWAY_DATA_DIR: env.SLIPWAY_DATA_DIR,
    RUNTIME_PORT: String(env.RUNTIME_PORT),
    NEXTAUTH_URL: env.NEXTAUTH_URL,
    SLIPWAY_ALLOW_LOCAL_REPOS: env.SLIPWAY_ALLOW_LOCAL_REPOS ? "on" : "off",
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
    SLIPWAY_ENCRYPTION_KEY: env.SLIPWAY_ENCRYPTION_KEY,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  log("• Migrating the database");
  await execa("npx", ["prisma", "migrate", "deploy"], { env: childEnv });
  const deps = createDeps(env);
  const { db, cipher } = deps;
  if (stored?.created) {
    // A demo database from before the demo had secrets of its own holds values under the built-in
    // development key: move them to the new key (nothing to do on a fresh database).
    await reencryptSecrets(db, createCipher(DEV_ENCRYPTION_KEY), cipher).catch((e: Error) =>
      log(`  (old demo secrets not re-encrypted: ${e.message})`),
    );
  }

  const close = () => closeDeps(deps);
  const children = new ChildGroup();
  try {
    const { bareDir, appId, redeploy } = await prepareDemo(db, cipher, env.SLIPWAY_DATA_DIR, log);
    await startAndDeploy({ opts, log, env, childEnv, children, deps, bareDir, appId: redeploy ? appId : undefined });
  } catch (e) {
    // Whatever failed, nothing this run started keeps running (or holds the web and runtime ports).
    await children.stop();
    await close();
    throw e;
  }
  return {
    env,
    async stop() {
      await children.stop(60_000);
      await close();
    },
  };
}

interface StartArgs {
  opts: DemoOptions;
  log: (line: string) => void;
  env: Env;
  childEnv: NodeJS.ProcessEnv;
  children: ChildGroup;
  deps: AppDeps;
  bareDir: string;
  /** Set when the demo must be deployed (again). */
  appId: string | undefined;
}

async function startAndDeploy({ opts, log, env, childEnv, children, deps, bareDir, appId }: StartArgs) {
  const { db, queue } = deps;
  await ensureNextBuild({ env: childEnv, log });
  log("• Starting the worker and the web app");
  children.spawn("npx", ["tsx", "worker/main.ts"], { env: childEnv, stdio: ["ignore", "inherit", "inherit"] });
  children.spawn("npx", ["tsx", "scripts/web-server.ts"], {
    env: { ...childEnv, PORT: String(opts.webPort), NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });

  await waitForWeb(opts.webPort, children);

  if (appId) {
    log("• Deploying the demo: database to dev/staging/prod, then master → staging, prod → prod, feature/greeting → preview");
    const refs = await lsRemoteBranches(bareDir);
    await db.repository.updateMany({ where: { app: { id: appId } }, data: { refs, polledAt: new Date() } });
    const database = await db.service.findFirstOrThrow({ where: { appId: appId, name: "database" } });
    const first = [];
    for (const [stage, branch] of [
      ["dev", "master"],
      ["staging", "master"],
      ["prod", "prod"],
    ]) {
      const info = await commitInfo(bareDir, refs[branch]);
      first.push(
        await queueBuild(db, queue, {
          serviceId: database.id,
          stage,
          trigger: "manual",
          branch,
          commitSha: info.sha,
          commitMessage: info.message,
          commitAuthor: info.author,
        }),
      );
    }
    await waitUntilDone(
      db,
      first.map((b) => b.id),
    );
    for (const branch of ["master", "prod", "feature/greeting"]) await handleBranchPush(deps, appId, branch, refs[branch]);
  }
  log("");
  log(
    `Slipway is running at http://localhost:${opts.webPort}  (deployed services at ${new URL(env.RUNTIME_PUBLIC_URL!).protocol}//<stage>--<service>--workshop--acme.${env.RUNTIME_DOMAIN}:${env.RUNTIME_PORT}/…)`,
  );
  log(`Sign in with any of these (password "${DEMO_PASSWORD}"):`);
  for (const u of DEMO_USERS) log(`  ${u.email.padEnd(22)} ${u.role.toLowerCase().replace("_", " ")}`);
  log(`Push to the demo repository:  git clone ${bareDir} workshop && cd workshop  (then commit and git push)`);
}

async function waitUntilDone(db: ReturnType<typeof createDb>, ids: string[]) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const open = await db.build.count({ where: { id: { in: ids }, status: { in: ["QUEUED", "RUNNING"] } } });
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The demo's first builds did not finish in 3 minutes; see the worker's output above.");
}

/** Waits until the web app answers; a child that exits first (a port in use, say) stops the demo. */
async function waitForWeb(port: number, children: ChildGroup) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const dead = children.exited();
    if (dead) {
      throw new Error(
        `${dead.spawnargs.slice(1, 3).join(" ")} exited with code ${dead.exitCode} (is port ${port} or the runtime port already in use?).`,
      );
    }
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`The web app did not answer on port ${port} within 2 minutes.`);
}
