import type { Service } from "@prisma/client";
import type { Db } from "../../db";
import { findApp } from "./find-app";

export interface BranchDeployment {
  branch: string;
  stage: string;
  profileId?: string | null;
}

export function serviceView(s: Service) {
  return {
    id: s.id,
    name: s.name,
    path: s.path,
    triggerPaths: s.triggerPaths,
    alwaysTrigger: s.alwaysTrigger,
    target: s.target,
    previewEnabled: s.previewEnabled,
    previewTargetBranch: s.previewTargetBranch,
    previewDestroy: s.previewDestroy,
    branchDeployments: (Array.isArray(s.branchDeployments) ? s.branchDeployments : []) as unknown as BranchDeployment[],
  };
}

export async function listServices(db: Db, orgId: string, slug: string) {
  const app = await findApp(db, orgId, slug);
  const services = await db.service.findMany({ where: { appId: app.id }, orderBy: { name: "asc" } });
  return services.map(serviceView);
}
