import type { Db } from "../../db";

/** The org's deployment profiles, with what each is used by. */
export async function listProfiles(db: Db, orgId: string) {
  const profiles = await db.deploymentProfile.findMany({
    where: { orgId },
    orderBy: { name: "asc" },
    include: { _count: { select: { parameters: true, safeguards: true, stageMappings: true, defaultForApps: true } } },
  });
  return profiles.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    region: p.region,
    access: accessMode(p),
    parameters: p._count.parameters,
    safeguards: p._count.safeguards,
    usedBy: p._count.stageMappings + p._count.defaultForApps,
  }));
}

export function accessMode(p: { awsRoleArn: string | null; awsAccessKeyId: string | null }): "role" | "keys" | "none" {
  return p.awsRoleArn ? "role" : p.awsAccessKeyId ? "keys" : "none";
}
