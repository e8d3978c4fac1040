import type { Db } from "../../db";
import type { RuntimeConfig } from "../deployments/runtime-config";
import { deploymentLink } from "../deployments/instance-link";
import type { RuntimeAddress } from "../deployments/instance-url";
import type { Cipher } from "../secrets/cipher";
import { scrubUrls } from "../git/git-failure";
import { mirrorDir } from "../git/mirror-dir";
import { openSecrets } from "../deployments/sealed-env";
import { diffConfig, readParamsSnapshot } from "./config-diff";
import { hasCommits, logRange } from "./release-git";
import { loadReleaseApp, releaseBranches, type ReleaseApp } from "./release-app";
import { describePins } from "./pin-state";

type Instance = ReleaseApp["instances"][number];
const STAGE_ORDER = ["dev", "staging", "prod"];

/** Keys of secret parameters anywhere in the org: their values never leave the server. */
export async function secretKeysOf(db: Db, orgId: string) {
  const rows = await db.parameter.findMany({ where: { orgId, secret: true }, select: { key: true }, distinct: ["key"] });
  return new Set(rows.map((r) => r.key));
}

export async function deployedConfig(db: Db, cipher: Cipher, deployment: { id: string; config: unknown; paramsSnapshot: unknown }) {
  const output = await db.output.findUnique({ where: { deploymentId: deployment.id } });
  const raw = (deployment.config ?? null) as RuntimeConfig | null;
  // Sealed environment values are opened here only to compare them; they never leave as values.
  const opened = raw?.functions ? openSecrets(raw, cipher) : { config: raw, secrets: [] };
  return {
    config: opened.config,
    secrets: opened.secrets,
    params: readParamsSnapshot(cipher, deployment.paramsSnapshot),
    outputs: (output?.values ?? {}) as Record<string, unknown>,
  };
}

/**
 * The release page: for each service, what runs on dev, staging, prod and preview stages (commit,
 * author, time, link, last build), the commits on staging and not on prod in that service's folder,
 * and how staging's resolved configuration differs from prod's.
 */
export async function getReleaseOverview(
  deps: { db: Db; cipher: Cipher; dataDir: string; runtimeBase: RuntimeAddress },
  orgId: string,
  slug: string,
) {
  const { db } = deps;
  const app = await loadReleaseApp(db, orgId, slug);
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId } });
  const branches = releaseBranches(app);
  const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
  const refs = (app.repository.refs ?? {}) as Record<string, string>;
  const shas = app.instances.flatMap((i) => (i.currentDeployment ? [i.currentDeployment.commitSha] : []));
  // A query reads the mirror as the worker last synced it (every push job fetches); it never
  // reaches the remote itself.
  const gitError = (await hasCommits(gitDir, shas).catch(() => false))
    ? null
    : "Slipway's copy of the repository does not have every deployed commit yet; it is fetched again on the next push.";
  const secretKeys = await secretKeysOf(db, orgId);
  const pins = new Map((await describePins(db, app.id)).map((p) => [p.instanceId, p]));

  const view = (i: Instance) => ({
    id: i.id,
    stage: i.stage,
    branch: i.branch,
    url: i.currentDeployment
      ? deploymentLink(
          deps.runtimeBase,
          { orgSlug: org.slug, appSlug: app.slug, stage: i.stage, serviceName: app.services.find((s) => s.id === i.serviceId)!.name },
          i.currentDeployment.config,
        )
      : null,
    pinned: pins.get(i.id) ?? null,
    deployment: i.currentDeployment && {
      id: i.currentDeployment.id,
      commitSha: i.currentDeployment.commitSha,
      message: i.currentDeployment.build?.commitMessage ?? "",
      author: i.currentDeployment.build?.commitAuthor ?? "",
      createdAt: i.currentDeployment.createdAt,
      buildId: i.currentDeployment.buildId,
    },
    lastBuild: i.builds[0]
      ? { id: i.builds[0].id, number: i.builds[0].number, status: i.builds[0].status, error: i.builds[0].error }
      : null,
  });

  const services = [];
  for (const s of app.services) {
    const instances = app.instances
      .filter((i) => i.serviceId === s.id)
      .sort((a, b) => rank(a.stage) - rank(b.stage) || a.stage.localeCompare(b.stage));
    const staging = instances.find((i) => i.stage === "staging");
    const prod = instances.find((i) => i.stage === "prod");
    const stagingSha = staging?.currentDeployment?.commitSha ?? null;
    const prodSha = prod?.currentDeployment?.commitSha ?? null;
    const pending = stagingSha ? await logRange(gitDir, prodSha, stagingSha, [s.path]) : [];
    const prodBranchHead = refs[branches.prod];
    const prodBehindBranch =
      prodSha && prodBranchHead && prodBranchHead !== prodSha ? await logRange(gitDir, prodSha, prodBranchHead, [s.path]) : [];
    const changes =
      staging?.currentDeployment && prod?.currentDeployment
        ? diffConfig(
            await deployedConfig(db, deps.cipher, prod.currentDeployment),
            await deployedConfig(db, deps.cipher, staging.currentDeployment),
            secretKeys,
          )
        : [];
    services.push({
      id: s.id,
      name: s.name,
      path: s.path,
      staging: staging ? view(staging) : null,
      prod: prod ? view(prod) : null,
      others: instances.filter((i) => i !== staging && i !== prod).map(view),
      pendingCommits: pending,
      prodBranchAhead: prodBehindBranch,
      differs: Boolean(stagingSha && stagingSha !== prodSha),
      configChanges: changes,
    });
  }
  const latest = await db.release.findFirst({ where: { appId: app.id }, orderBy: { createdAt: "desc" } });
  // Settled by the worker when its builds end (the settle-release job), not here.
  const release = latest;
  const releaseBuilds = release
    ? await db.build.findMany({ where: { id: { in: release.buildIds } }, include: { service: { select: { name: true } } } })
    : [];
  return {
    app: { id: app.id, slug: app.slug, name: app.name, repositoryUrl: scrubUrls(app.repository.url) },
    branches: {
      staging: branches.staging,
      prod: branches.prod,
      stagingHead: refs[branches.staging] ?? null,
      prodHead: refs[branches.prod] ?? null,
    },
    gitError,
    services,
    latestRelease: release && {
      id: release.id,
      kind: release.kind,
      status: release.status,
      /** Promotions and git rollbacks run as the worker's release job, with live progress lines (releases.log). */
      runsAsJob: release.kind === "PROMOTE" || release.kind === "ROLLBACK_REVERT" || release.kind === "ROLLBACK_PERMANENT",
      error: release.error,
      toSha: release.toSha,
      createdAt: release.createdAt,
      builds: releaseBuilds.map((b) => ({ id: b.id, number: b.number, status: b.status, service: b.service.name })),
    },
  };
}

function rank(stage: string) {
  const i = STAGE_ORDER.indexOf(stage);
  return i === -1 ? STAGE_ORDER.length : i;
}
