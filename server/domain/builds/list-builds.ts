import type { BuildStatus, Prisma } from "@prisma/client";
import type { Db } from "../../db";
import { DomainError } from "../errors";

export interface ListBuildsFilter {
  appSlug: string;
  service?: string;
  stage?: string;
  status?: BuildStatus;
  /** Part of the commit author's name, or of the name or email of the member who started the build. */
  who?: string;
  /** The id of the last build of the previous page. */
  cursor?: string;
  limit?: number;
}

/** An app's builds, newest first, a page at a time (keyset on createdAt, id: no OFFSET scans). */
export async function listBuilds(db: Db, orgId: string, filter: ListBuildsFilter) {
  const app = await db.app.findFirst({ where: { orgId, slug: filter.appSlug }, select: { id: true } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${filter.appSlug}" in this organization.`);
  const limit = Math.min(Math.max(filter.limit ?? 25, 1), 100);
  const where: Prisma.BuildWhereInput = { service: { appId: app.id } };
  if (filter.service) where.service = { appId: app.id, name: filter.service };
  if (filter.stage) where.instance = { stage: filter.stage };
  if (filter.status) where.status = filter.status;
  if (filter.who) {
    const members = await db.user.findMany({
      where: {
        memberships: { some: { orgId } },
        OR: [{ name: { contains: filter.who, mode: "insensitive" } }, { email: { contains: filter.who, mode: "insensitive" } }],
      },
      select: { id: true },
    });
    where.OR = [{ commitAuthor: { contains: filter.who, mode: "insensitive" } }, { requestedById: { in: members.map((m) => m.id) } }];
  }
  if (filter.cursor) {
    const after = await db.build.findFirst({
      where: { id: filter.cursor, service: { appId: app.id } },
      select: { id: true, createdAt: true },
    });
    if (!after) throw new DomainError("BAD_INPUT", "That page of builds no longer exists; reload the list.");
    where.AND = [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }];
  }
  const rows = await db.build.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { service: { select: { name: true } }, instance: { select: { stage: true } } },
  });
  const page = rows.slice(0, limit);
  const requesters = await requesterNames(
    db,
    orgId,
    page.map((b) => b.requestedById),
  );
  return {
    items: page.map((b) => ({
      id: b.id,
      number: b.number,
      status: b.status,
      kind: b.kind,
      trigger: b.trigger,
      service: b.service.name,
      stage: b.instance.stage,
      branch: b.branch,
      commitSha: b.commitSha,
      commitMessage: b.commitMessage,
      triggeredBy: (b.requestedById && requesters.get(b.requestedById)) || b.commitAuthor || null,
      createdAt: b.createdAt,
      startedAt: b.startedAt,
      finishedAt: b.finishedAt,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** Names of the members who started builds (members of this org only). */
async function requesterNames(db: Db, orgId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map<string, string>();
  const users = await db.user.findMany({
    where: { id: { in: wanted }, memberships: { some: { orgId } } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map((u) => [u.id, u.name || u.email]));
}
