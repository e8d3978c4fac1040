import { z } from "zod";
import { DomainError } from "../../domain/errors";
import type { AddedService } from "../../domain/apps/add-service";
import type { CreatedApp } from "../../domain/apps/create-app";
import { connectRepository } from "../../domain/repositories/connect-repository";
import type { DetectedServicesPage } from "../../domain/repositories/detected-services";
import type { ConnectionResult } from "../../domain/repositories/test-connection";
import { askWorker } from "../../jobs/ask-worker";
import { proposeStageProfiles } from "../../domain/profiles/propose-stage-profiles";
import type { ApiContext } from "./api-route";

/** /api/v1 for automation: connect a repository, test it, list its services, create an app, add a service. */

const auth = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ssh") }),
  z.object({ kind: z.literal("token"), username: z.string().max(100).optional(), token: z.string().max(2000) }),
  z.object({ kind: z.literal("none") }),
]);
const service = z.object({
  name: z.string().max(128),
  folder: z.string().max(300),
  sharedPaths: z.array(z.string().max(300)).max(20).optional(),
  previews: z.boolean().optional(),
});

async function body<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
  const json = await req.json().catch(() => {
    throw new DomainError("BAD_INPUT", "The body must be JSON.");
  });
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError("BAD_INPUT", `${issue.path.join(".") || "body"}: ${issue.message}`, issue.path.join("."));
  }
  return parsed.data;
}

export async function connect(ctx: ApiContext) {
  const input = await body(ctx.req, z.object({ url: z.string().max(2000), auth }));
  return Response.json(await connectRepository(ctx.deps, ctx.member.orgId, ctx.member.userId, input), { status: 201 });
}

export const test = (ctx: ApiContext) =>
  askWorker<ConnectionResult>(ctx.deps, { op: "test-connection", actor: ctx.member, repositoryId: ctx.params.id! });

export const detect = (ctx: ApiContext) =>
  askWorker<DetectedServicesPage>(ctx.deps, {
    op: "detect-services",
    actor: ctx.member,
    repositoryId: ctx.params.id!,
    offset: Number(ctx.url.searchParams.get("offset") ?? 0) || 0,
  });

/**
 * Creates an app from a tested repository. Left out, `services` are every readable service the
 * first page of detection finds, and stages and the default profile are the proposed ones.
 */
export async function create(ctx: ApiContext) {
  const input = await body(
    ctx.req,
    z.object({
      repositoryId: z.string().min(1).max(64),
      name: z.string().max(100),
      slug: z.string().max(100),
      services: z.array(service).max(500).optional(),
      stageProfiles: z.record(z.string().max(100), z.string().max(64)).optional(),
      defaultProfileId: z.string().max(64).optional(),
    }),
  );
  const d = ctx.deps;
  const services =
    input.services ??
    (await askWorker<DetectedServicesPage>(d, { op: "detect-services", actor: ctx.member, repositoryId: input.repositoryId })).services
      .filter((s) => s.resolvable && !s.error && s.name)
      .map((s) => ({ name: s.name!, folder: s.folder }));
  const proposal = input.stageProfiles && input.defaultProfileId ? null : await proposeStageProfiles(d.db, ctx.member.orgId);
  const stageProfiles =
    input.stageProfiles ?? (Object.fromEntries(Object.entries(proposal!.mapping).filter(([, id]) => id)) as Record<string, string>);
  const defaultProfileId = input.defaultProfileId ?? proposal!.defaultProfileId;
  if (!defaultProfileId)
    throw new DomainError("BAD_INPUT", "The org has no deployment profile: create one (or pass defaultProfileId).", "defaultProfileId");
  const app = await askWorker<CreatedApp>(d, {
    op: "create-app",
    actor: ctx.member,
    input: {
      repositoryId: input.repositoryId,
      name: input.name,
      slug: input.slug,
      services,
      stageProfiles,
      defaultProfileId,
    },
  });
  const base = ctx.deps.env.NEXTAUTH_URL.replace(/\/+$/, "");
  return Response.json(
    { ...app, url: `${base}/apps/${app.slug}`, builds: app.builds.map((b) => ({ ...b, url: `${base}/builds/${b.id}` })) },
    { status: 201 },
  );
}

export async function addAppService(ctx: ApiContext) {
  const input = await body(ctx.req, service);
  return Response.json(
    await askWorker<AddedService>(ctx.deps, { op: "add-service", actor: ctx.member, appSlug: ctx.params.app!, service: input }),
    { status: 201 },
  );
}
