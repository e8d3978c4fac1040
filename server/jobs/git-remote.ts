import { z } from "zod";
import type { CreateAppInput } from "../domain/apps/create-app";
import type { NewService } from "../domain/repositories/service-defaults";
import { defineJob } from "./define-job";

const id = z.string().min(1).max(100);
const actor = z.object({ orgId: id, userId: id });

/**
 * What a web request needs from a repository's remote (ls-remote, a mirror fetch, a host-key scan),
 * asked of the worker and awaited (server/jobs/ask-worker.ts): the web process runs no git that
 * reaches a remote. Ids and the user's input only: the worker reads the credentials. Each operation
 * is the whole use case (its checks, its audit, the builds it queues), so the web answers with what
 * the worker answered.
 */
export const gitRemotePayloadSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("test-connection"), actor, repositoryId: id }),
  z.object({ op: z.literal("detect-services"), actor, repositoryId: id, offset: z.number().int().min(0).max(1_000_000).optional() }),
  z.object({
    op: z.literal("create-app"),
    actor,
    // Validated by the tRPC or /api/v1 input schema; createApp checks every field again.
    input: z.custom<CreateAppInput>(
      (v) => typeof v === "object" && v !== null && typeof (v as { repositoryId?: unknown }).repositoryId === "string",
    ),
  }),
  z.object({
    op: z.literal("add-service"),
    actor,
    appSlug: id,
    service: z.custom<NewService>((v) => typeof v === "object" && v !== null && typeof (v as { folder?: unknown }).folder === "string"),
  }),
  z.object({ op: z.literal("deploy-branch"), actor, appSlug: id, branch: z.string().min(1).max(250) }),
  z.object({
    op: z.literal("rerun-build"),
    actor: actor.extend({ role: z.enum(["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"]) }),
    buildId: id,
  }),
]);
export type GitRemotePayload = z.infer<typeof gitRemotePayloadSchema>;

/** The worker's answer: the use case's result, or its DomainError in words (never a stack, never a credential). */
export type GitRemoteAnswer = { ok: true; value: unknown } | { ok: false; code: string; message: string; field?: string };

export const gitRemoteJob = defineJob({
  name: "git-remote",
  queue: "jobs",
  payload: gitRemotePayloadSchema,
  // The user is waiting and sees the outcome: never repeated behind their back.
  attempts: 1,
});
