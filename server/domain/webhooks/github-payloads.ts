import { z } from "zod";

/** Only the fields Slipway reads; GitHub sends many more, which zod lets through and ignores. */
const sha = z.string().regex(/^[0-9a-f]{40}$/);
const repository = z.object({
  full_name: z.string().min(3).max(200),
  clone_url: z.string().max(1000).optional(),
  ssh_url: z.string().max(1000).optional(),
  git_url: z.string().max(1000).optional(),
  html_url: z.string().max(1000).optional(),
});
export const repositoryOnly = z.object({ repository });

export const pushPayload = z.object({
  ref: z.string().min(1).max(1000),
  before: sha,
  after: sha,
  deleted: z.boolean().optional().default(false),
  repository,
});

export const pullRequestPayload = z.object({
  action: z.string().min(1).max(100),
  number: z.number().int().positive(),
  pull_request: z.object({
    merged: z.boolean().nullish(),
    head: z.object({ ref: z.string().min(1).max(1000), sha, repo: z.object({ full_name: z.string() }).nullable() }),
    base: z.object({ ref: z.string().min(1).max(1000), repo: z.object({ full_name: z.string() }) }),
  }),
  repository,
});

export const deletePayload = z.object({
  ref: z.string().min(1).max(1000),
  ref_type: z.string(),
  repository,
});

export type GitHubRepository = z.infer<typeof repository>;

/** Slipway's own post-receive payload (any git remote). `after` all zeros means the branch was deleted. */
export const gitPushPayload = z.object({
  ref: z.string().min(1).max(1000),
  before: sha.optional(),
  after: sha,
});
