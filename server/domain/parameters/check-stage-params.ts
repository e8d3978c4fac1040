import type { AppDeps } from "../../deps";
import { DomainError } from "../errors";
import { readFiles } from "../git/git";
import { mirrorDir } from "../git/mirror-dir";
import { validateStageName } from "../stages/stage-name";
import { hasCommits } from "../releases/release-git";
import { loadYaml } from "../variables/load-yaml";
import { paramsForStage } from "./params-for-stage";
import { fileParams, paramReferences } from "./param-references";

/** Where a `${param:}` gets its value for a stage, in the resolver's order (see variables/param-source.ts). */
export type ParamOrigin = "file-stage" | "app-stage" | "file-default" | "app" | "profile" | "fallback";

export interface ServiceParamCheck {
  service: string;
  /** The file read and the branch (and commit) it was read at. */
  file: string;
  branch: string | null;
  /** Why the file could not be checked (not in the repository, unreadable YAML). */
  problem: string | null;
  params: Array<{ key: string; at: string; origin: ParamOrigin | null; secret: boolean }>;
  missing: string[];
}

type Branches = Array<{ branch: string; stage: string }>;

/**
 * "Will this stage's deploy find its parameters?": each service's serverless.yml, read from the
 * repository mirror at the branch that deploys to the stage (a preview's own branch, else the
 * default branch), against the stage's Slipway parameters and the file's own `params:`. A key no
 * level holds and no fallback covers is missing: the first deploy would fail on it.
 */
export async function checkStageParams(
  deps: Pick<AppDeps, "db" | "cipher" | "env">,
  opts: { orgId: string; appSlug: string; stage: string },
) {
  const { db } = deps;
  const bad = validateStageName(opts.stage);
  if (bad) throw new DomainError("BAD_INPUT", bad, "stage");
  const app = await db.app.findFirst({
    where: { orgId: opts.orgId, slug: opts.appSlug },
    include: {
      repository: true,
      services: { orderBy: { name: "asc" } },
      instances: { where: { stage: opts.stage, branch: { not: null } }, select: { branch: true }, take: 1 },
    },
  });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${opts.appSlug}" in this organization.`);
  // Values are not needed, only which keys exist and which are secret: nothing is decrypted.
  const params = await paramsForStage(db, deps.cipher, app.id, opts.stage, { decrypt: false });
  const byKey = new Map(params.all.map((p) => [p.key, p]));
  const refs = (app.repository.refs ?? {}) as Record<string, string>;
  const gitDir = mirrorDir(deps.env.SLIPWAY_DATA_DIR, app.repositoryId);
  const previewBranch = app.instances[0]?.branch ?? null;
  const fallbackBranch = app.repository.defaultBranch ?? (refs.master ? "master" : refs.main ? "main" : null);
  const branchOf = (s: (typeof app.services)[number]) =>
    previewBranch ?? (s.branchDeployments as Branches).find((d) => d.stage === opts.stage)?.branch ?? fallbackBranch;

  const shas = [...new Set(app.services.map((s) => refs[branchOf(s) ?? ""]).filter(Boolean))];
  // A query reads the mirror as the worker last synced it (every push job fetches); it never reaches the remote.
  const mirrorProblem =
    shas.length && !(await hasCommits(gitDir, shas).catch(() => false))
      ? "Slipway's copy of the repository does not have that commit yet; it is fetched again on the next push."
      : null;

  const services: ServiceParamCheck[] = [];
  for (const s of app.services) {
    const branch = branchOf(s);
    const sha = branch ? refs[branch] : undefined;
    const dir = s.path.replace(/^\.?\/?/, "").replace(/\/+$/, "");
    const file = dir ? `${dir}/serverless.yml` : "serverless.yml";
    const result: ServiceParamCheck = { service: s.name, file, branch, problem: null, params: [], missing: [] };
    services.push(result);
    if (!sha || mirrorProblem) {
      result.problem = mirrorProblem ?? `No commit of branch ${branch ?? "(none)"} is known yet.`;
      continue;
    }
    const yamlFile = dir ? `${dir}/serverless.yaml` : "serverless.yaml";
    const files = await readFiles(gitDir, sha, [file, yamlFile]).catch(() => new Map<string, string | null>());
    const text = files.get(file) ?? files.get(yamlFile);
    if (!text) {
      result.problem = `${file} is not on ${branch}.`;
      continue;
    }
    let config: unknown;
    try {
      config = loadYaml(text, file);
    } catch (e) {
      result.problem = (e as Error).message;
      continue;
    }
    const own = fileParams(config, opts.stage);
    for (const ref of paramReferences(config)) {
      const row = byKey.get(ref.key);
      // The resolver's order: CLI → file params.<stage> → app-stage → file params.default → app / profile.
      const origin: ParamOrigin | null = own.stage.has(ref.key)
        ? "file-stage"
        : row?.source === "app-stage"
          ? "app-stage"
          : own.default.has(ref.key)
            ? "file-default"
            : row
              ? row.source
              : ref.hasFallback
                ? "fallback"
                : null;
      result.params.push({ key: ref.key, at: ref.at, origin, secret: row?.secret ?? false });
      if (!origin) result.missing.push(ref.key);
    }
  }
  return {
    stage: opts.stage,
    profile: params.profile ? { name: params.profile.name } : null,
    services,
    missing: services.flatMap((s) => s.missing.map((key) => ({ service: s.service, key }))),
  };
}
