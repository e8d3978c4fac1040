import type { Db } from "../../db";
import { DomainError } from "../errors";

/** An app's service by slug and name, within the caller's org (another org's app is "not found"). */
export async function findService(db: Db, orgId: string, appSlug: string, serviceName: string) {
  const app = await db.app.findUnique({ where: { orgId_slug: { orgId, slug: appSlug } } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${appSlug}" in this organization.`);
  const service = await db.service.findUnique({ where: { appId_name: { appId: app.id, name: serviceName } } });
  if (!service) throw new DomainError("NOT_FOUND", `App "${appSlug}" has no service "${serviceName}".`);
  return { app, service };
}

/** Stages that follow a git branch (staging ← master, prod ← prod): git is their only source. */
export function branchStages(branchDeployments: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(branchDeployments)) return out;
  for (const d of branchDeployments as { branch?: unknown; stage?: unknown }[]) {
    if (typeof d?.stage === "string" && typeof d.branch === "string") out.set(d.stage, d.branch);
  }
  return out;
}
