import { z } from "zod";
import { EVENT_TYPES } from "./events";

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "Give an http(s) URL.");
const smtpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^smtps?:\/\/[^/\s]+/.test(u), "An SMTP URL looks like smtp://user:password@host:587 (smtps:// for TLS).");

/** A channel's rule: the events it wants, and (when given) only these stages and services. */
export const ruleInput = z.object({
  events: z.array(z.enum(EVENT_TYPES)).min(1, "Choose at least one event.").max(EVENT_TYPES.length),
  stages: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(100)
        .regex(/^[A-Za-z0-9-]+$/, "Stage names are letters, digits and dashes."),
    )
    .max(50)
    .default([]),
  services: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});

export const channelInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("SLACK"), url: httpUrl }),
  z.object({ kind: z.literal("WEBHOOK"), url: httpUrl }),
  z.object({
    kind: z.literal("EMAIL"),
    recipients: z.array(z.string().trim().email("Not an email address.")).min(1, "Add a recipient.").max(20),
    smtpUrl: smtpUrl.optional(),
  }),
]);

export const createChannelInput = z.intersection(
  z.object({ appSlug: z.string().min(1).max(100), name: z.string().trim().min(1, "Name the channel.").max(100) }).and(ruleInput),
  channelInput,
);
export type CreateChannelInput = z.infer<typeof createChannelInput>;

export const updateChannelInput = z.object({
  appSlug: z.string().min(1).max(100),
  channelId: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100).optional(),
  enabled: z.boolean().optional(),
  rule: ruleInput.optional(),
});
export type UpdateChannelInput = z.infer<typeof updateChannelInput>;
