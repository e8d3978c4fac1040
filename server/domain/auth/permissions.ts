import type { Role } from "@prisma/client";

/**
 * The one permission table: every tRPC procedure and REST endpoint names an action from here,
 * and only the roles listed may perform it. Reading is open to every member of the org.
 */
export const PERMISSIONS = {
  "org.read": ["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"],
  "apps.read": ["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"],
  "builds.read": ["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"],
  "apps.write": ["ADMIN"],
  "services.write": ["ADMIN"],
  /** Drops a service's dependency cache (its next build runs `npm ci` afresh): those who build may. */
  "services.clearCache": ["ADMIN", "DEVELOPER"],
  "builds.trigger": ["ADMIN", "DEVELOPER"],
  "builds.cancel": ["ADMIN", "DEVELOPER"],
  /**
   * Approves or rejects a waiting build. The stage's protection rule narrows who (its approver
   * roles or members, the author only if allowed); a fork's pull request build needs an admin.
   */
  "builds.approve": ["ADMIN", "DEVELOPER", "PRODUCT_OWNER"],
  /** Lets one build deploy through a deploy freeze (with a reason), including an instant rollback. */
  "builds.override": ["ADMIN"],
  "profiles.read": ["ADMIN", "DEVELOPER", "PRODUCT_OWNER"],
  "profiles.write": ["ADMIN"],
  "stages.write": ["ADMIN"],
  "parameters.write": ["ADMIN"],
  /** Secret parameter values over the HTTP API (`slipway print`): roles that can deploy code could read them from a handler anyway. */
  "parameters.reveal": ["ADMIN", "DEVELOPER"],
  "members.read": ["ADMIN"],
  "members.write": ["ADMIN"],
  "audit.read": ["ADMIN"],
  "releases.promote": ["ADMIN", "PRODUCT_OWNER"],
  "releases.rollback": ["ADMIN", "PRODUCT_OWNER"],
  /** One's own account (changing one's password): every member. Invites, roles and reset links are members.write. */
  "account.write": ["ADMIN", "DEVELOPER", "REVIEWER", "PRODUCT_OWNER"],
  /** The items of a stage's local tables and the objects of its buckets: data handlers stored, read by those who build and review. */
  "cloud.read": ["ADMIN", "DEVELOPER", "REVIEWER"],
  // Onboarding: connecting repositories (deploy keys, tokens), creating and deleting apps.
  "apps.create": ["ADMIN"],
  "apps.delete": ["ADMIN"],
  "repositories.write": ["ADMIN"],
  /** An app's notification channels and their delivery logs (never a channel's secret). */
  "notifications.read": ["ADMIN", "DEVELOPER"],
  "notifications.write": ["ADMIN"],
  /** The org's GitHub App (its key and webhook secret are never shown back). */
  "github.read": ["ADMIN"],
  "github.write": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Admin",
  DEVELOPER: "Developer",
  REVIEWER: "Reviewer",
  PRODUCT_OWNER: "Product owner",
};
