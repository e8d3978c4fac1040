import { z } from "zod";
import { defineJob } from "./define-job";

const sha = z.string().regex(/^[0-9a-f]{40}$/);
const branch = z.string().min(1).max(1000);

/**
 * A webhook's push, branch deletion or pull request, as the request verified it. What it says about
 * commits is a hint: the worker reads the branch head from the remote (mirror fetch) and builds
 * that, so a replayed old delivery cannot deploy an old commit.
 */
export const pushPayloadSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("push"), appId: z.string().min(1), branch, after: sha }),
  z.object({ event: z.literal("delete"), appId: z.string().min(1), branch }),
  z.object({
    event: z.literal("pull_request"),
    appId: z.string().min(1),
    number: z.number().int().positive(),
    closing: z.boolean(),
    /** The preview's branch name: the head branch, or pr-N for a fork. */
    branch,
    headSha: sha,
    baseRef: branch,
    fromFork: z.boolean(),
  }),
]);
export type PushPayload = z.infer<typeof pushPayloadSchema>;

export const pushJob = defineJob({
  name: "push",
  queue: "jobs",
  payload: z.object({ source: z.enum(["github", "git"]), delivery: z.string().regex(/^[\w-]{1,100}$/), change: pushPayloadSchema }),
  attempts: 3,
  backoffMs: 2_000,
  // GitHub names each delivery: one job per delivery id. The generic git hook does not, and the
  // same body may come again legitimately: equal bodies collapse only while one is pending
  // (delivery = the body's hash), so a flood of one replayed body costs one fetch.
  jobId: ({ source, delivery }) => (source === "github" ? `push-github-${delivery}` : undefined),
  deduplicationId: ({ source, delivery }) => (source === "git" ? `push-git-${delivery}` : undefined),
});
