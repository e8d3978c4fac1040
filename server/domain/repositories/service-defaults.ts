import type { Prisma } from "@prisma/client";
import { DomainError } from "../errors";

/**
 * A new service's CI/CD settings, as the workflow guide has them: previews for pull requests and
 * other branches (stage = branch name, destroyed with the branch), the default branch (`master`,
 * or `main`) → `staging`, `prod` → `prod`, triggered by changes in its folder plus the shared
 * folders the admin lists.
 */
export interface NewService {
  name: string;
  folder: string;
  /** Extra folders or globs (shared code) whose changes also build it. */
  sharedPaths?: string[];
  previews?: boolean;
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const REPO_PATH_RE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_.*{},/-]+$/;

export function serviceData(s: NewService, defaultBranch: string, field: string): Omit<Prisma.ServiceCreateManyInput, "appId"> {
  if (!NAME_RE.test(s.name))
    throw new DomainError("BAD_INPUT", `"${s.name.slice(0, 60)}" is not a service name (letters, digits and "-").`, `${field}.name`);
  const folder = s.folder.trim().replace(/\/+$/, "");
  if (folder !== "" && !REPO_PATH_RE.test(folder))
    throw new DomainError("BAD_INPUT", `"${folder.slice(0, 100)}" is not a folder inside the repository.`, `${field}.folder`);
  const shared = (s.sharedPaths ?? []).map((p) => p.trim().replace(/\/+$/, "")).filter(Boolean);
  shared.forEach((p) => {
    if (!REPO_PATH_RE.test(p))
      throw new DomainError("BAD_INPUT", `"${p.slice(0, 100)}" is not a folder or glob inside the repository.`, `${field}.sharedPaths`);
  });
  const stagingBranch = defaultBranch === "main" ? "main" : "master";
  return {
    name: s.name,
    path: folder || ".",
    // A service at the root of the repository: every change is in its folder.
    alwaysTrigger: folder === "",
    triggerPaths: shared.map((p) => (/[*{]/.test(p) ? p : `${p}/**`)),
    previewEnabled: s.previews ?? true,
    previewTargetBranch: defaultBranch,
    previewDestroy: true,
    branchDeployments: [
      { branch: stagingBranch, stage: "staging" },
      { branch: "prod", stage: "prod" },
    ],
  };
}
