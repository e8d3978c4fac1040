import { execa } from "execa";
import type { Db } from "../../db";
import type { Cipher } from "../secrets/cipher";
import { assertSha } from "../git/git";
import { SAFE_GIT_ENV, safeGitArgs } from "../git/safe-git";
import { paramsForStage } from "../parameters/params-for-stage";
import { mirrorDir } from "../git/mirror-dir";
import { diffConfig, readParamsSnapshot } from "./config-diff";
import { secretKeysOf } from "./get-release-overview";
import { logRange } from "./release-git";
import { loadReleaseApp } from "./release-app";
import { describePins } from "./pin-state";

const MAX_DIFF_LINES = 80;

/** The change to a service's serverless.yml between two commits (unified, 1 line of context), from the local mirror. */
async function yamlDiff(gitDir: string, from: string, to: string, servicePath: string) {
  const file = `${servicePath.replace(/\/+$/, "")}/serverless.yml`.replace(/^\.?\//, "");
  const res = await execa(
    "git",
    safeGitArgs(["--git-dir", gitDir, "diff", "--unified=1", "--no-color", assertSha(from), assertSha(to), "--", file]),
    { env: SAFE_GIT_ENV, reject: false, stdin: "ignore" },
  );
  if (res.exitCode !== 0) return [];
  // Hunks only: the header lines (diff --git, index, ---/+++) name nothing a reader needs here.
  const lines = String(res.stdout)
    .split("\n")
    .filter((l) => l && !/^(diff --git|index |--- |\+\+\+ )/.test(l));
  return lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `… ${lines.length - MAX_DIFF_LINES} more lines`] : lines;
}

/**
 * What a promotion would ship, for its dialog: per service, whether it deploys (a whole-app
 * promotion builds the services whose folder the staged commits change; a one-service promotion
 * that service), the commits with authors, the change to its serverless.yml, the prod parameters
 * that changed since prod last deployed (secrets only as "changed"), and any rollback it ends.
 * Reads the local mirror only.
 */
export async function getPromotionPlan(
  deps: { db: Db; cipher: Cipher; dataDir: string },
  input: { orgId: string; slug: string; serviceId?: string },
) {
  const { db } = deps;
  const app = await loadReleaseApp(db, input.orgId, input.slug);
  const gitDir = mirrorDir(deps.dataDir, app.repositoryId);
  const pins = await describePins(db, app.id);
  const secretKeys = await secretKeysOf(db, input.orgId);
  const prodParams = await paramsForStage(db, deps.cipher, app.id, "prod");
  const nowParams = { ...prodParams.service, ...prodParams.stage };
  const services = [];
  for (const s of app.services) {
    if (input.serviceId && s.id !== input.serviceId) continue;
    const staging = app.instances.find((i) => i.serviceId === s.id && i.stage === "staging")?.currentDeployment ?? null;
    const prod = app.instances.find((i) => i.serviceId === s.id && i.stage === "prod") ?? null;
    const prodSha = prod?.currentDeployment?.commitSha ?? null;
    const stagingSha = staging?.commitSha ?? null;
    // The paths whose changes build a service, as the branch trigger reads them (its folder and trigger globs).
    const paths = [s.path, ...s.triggerPaths.map((p) => `:(glob)${p}`)];
    const commits = stagingSha && stagingSha !== prodSha ? await logRange(gitDir, prodSha, stagingSha, paths) : [];
    const deploys = Boolean(stagingSha && stagingSha !== prodSha && (input.serviceId || s.alwaysTrigger || commits.length > 0));
    services.push({
      id: s.id,
      name: s.name,
      prodSha,
      stagingSha,
      deploys,
      why: !stagingSha
        ? "nothing deployed on staging"
        : stagingSha === prodSha
          ? "prod already runs it"
          : deploys
            ? null
            : "no change in its folder",
      commits,
      yamlDiff: deploys && prodSha && stagingSha ? await yamlDiff(gitDir, prodSha, stagingSha, s.path) : [],
      paramChanges:
        deploys && prod?.currentDeployment
          ? diffConfig(
              { config: null, outputs: {}, params: readParamsSnapshot(deps.cipher, prod.currentDeployment.paramsSnapshot) },
              { config: null, outputs: {}, params: nowParams },
              secretKeys,
            )
          : [],
      pin: pins.find((p) => p.instanceId === prod?.id) ?? null,
    });
  }
  const commits = [
    ...new Map(
      services
        .filter((s) => s.deploys)
        .flatMap((s) => s.commits)
        .map((c) => [c.sha, c]),
    ).values(),
  ];
  return { services, commits };
}
