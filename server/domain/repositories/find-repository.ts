import type { Db } from "../../db";
import { DomainError } from "../errors";

type Tx = Pick<Db, "repository">;

/** A repository of the org (connected for an app, or being connected), or NOT_FOUND: the tenant floor. */
export async function findOrgRepository(db: Tx, orgId: string, repositoryId: string) {
  const repo = await db.repository.findFirst({
    where: { id: repositoryId, OR: [{ orgId }, { app: { orgId } }] },
    include: { credential: true, app: { select: { id: true, slug: true } } },
  });
  if (!repo) throw new DomainError("NOT_FOUND", "No such repository in this organization.");
  return repo;
}
