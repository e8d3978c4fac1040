import type { Db } from "../../db";
import { DomainError } from "../errors";
import { repositoryCommitUrlPrefix } from "../repositories/commit-url";

/**
 * Where an app's commit SHAs link to: the start of its repository's commit web page (GitHub or
 * GitLab, host and path only), or null when the repository has no known web UI. Every page of the
 * app appends a SHA to it, so one answer serves the overview, stage, release and reviewer pages.
 */
export async function appCommitLinks(db: Db, orgId: string, slug: string) {
  const app = await db.app.findFirst({ where: { orgId, slug }, select: { repository: { select: { url: true, githubRepo: true } } } });
  if (!app) throw new DomainError("NOT_FOUND", `No app "${slug}" in this organization.`);
  return { prefix: repositoryCommitUrlPrefix(app.repository) };
}
