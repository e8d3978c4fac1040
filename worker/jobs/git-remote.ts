import { DomainError } from "../../server/domain/errors";
import { addService } from "../../server/domain/apps/add-service";
import { createApp } from "../../server/domain/apps/create-app";
import { deployBranch } from "../../server/domain/apps/deploy-branch";
import { rerunBuild } from "../../server/domain/builds/rerun-build";
import { detectServices } from "../../server/domain/repositories/detect-services";
import { testConnection } from "../../server/domain/repositories/test-connection";
import type { GitRemoteAnswer, GitRemotePayload } from "../../server/jobs/git-remote";
import type { JobContext, JobHandler } from "./job-context";

async function run(ctx: JobContext, p: GitRemotePayload): Promise<unknown> {
  const deps = { ...ctx.deps, queue: ctx.buildQueue };
  switch (p.op) {
    case "test-connection":
      return testConnection(deps, p.actor.orgId, p.actor.userId, p.repositoryId);
    case "detect-services":
      return detectServices(deps, p.actor.orgId, p.repositoryId, { offset: p.offset });
    case "create-app":
      return createApp(deps, p.actor.orgId, p.actor.userId, p.input);
    case "add-service":
      return addService(deps, p.actor.orgId, p.actor.userId, p.appSlug, p.service);
    case "deploy-branch":
      return deployBranch(deps, p.actor.orgId, p.actor.userId, p.appSlug, p.branch);
    case "rerun-build": {
      const b = await rerunBuild(deps, p.actor, p.buildId);
      return { id: b.id, number: b.number };
    }
  }
}

/**
 * A web request's git that reaches a remote (server/jobs/git-remote.ts). Its DomainError — a
 * remote that did not answer is a GitRemoteError, its git-failure reason in words — is the answer, not a failed job.
 */
export const gitRemoteJobHandler: JobHandler<"git-remote"> = async (ctx, payload): Promise<GitRemoteAnswer> => {
  try {
    return { ok: true, value: await run(ctx, payload) };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code, message: e.message, ...(e.field && { field: e.field }) };
    throw e;
  }
};
