import type { Role } from "@prisma/client";
import type { Db } from "../../server/db";
import type { Cipher } from "../../server/domain/secrets/cipher";
import { hashPassword } from "../../server/domain/auth/verify-login";

export const DEMO_PASSWORD = "slipway-demo";
export const DEMO_USERS: Array<{ email: string; name: string; role: Role }> = [
  { email: "admin@example.com", name: "Avery Admin", role: "ADMIN" },
  { email: "dev@example.com", name: "Ada Developer", role: "DEVELOPER" },
  { email: "reviewer@example.com", name: "Rey Reviewer", role: "REVIEWER" },
  { email: "po@example.com", name: "Pat Product", role: "PRODUCT_OWNER" },
];

/** The guide's three profiles, each with `env`, `endpoint` and a secret `endpoint_api_key`. */
const PROFILES = [
  { name: "profile-dev", env: "dev", endpoint: "https://api.dev.example.com", key: "dev-key-7f3a9c" },
  { name: "profile-staging", env: "staging", endpoint: "https://api.staging.example.com", key: "staging-key-b81e42" },
  { name: "profile-prod", env: "prod", endpoint: "https://api.example.com", key: "prod-key-5d0c77" },
];

/**
 * The demo org "Acme" with one user per role and the workshop app; returns ids. Idempotent by org slug.
 * When the demo exists with another repository path (the folder moved, `.data` was removed and made
 * again), it points the app at `repoUrl` and forgets the old refs (`repaired`), instead of failing later.
 */
export async function seedDemo(db: Db, cipher: Cipher, repoUrl: string) {
  const existing = await db.org.findUnique({ where: { slug: "acme" }, include: { apps: { include: { repository: true } } } });
  if (existing) {
    const app = existing.apps.find((a) => a.slug === "workshop") ?? existing.apps[0];
    const repaired = !!app && app.repository.url !== repoUrl;
    // polledAt = null: the watcher's next poll records the new repository's branches without building them.
    if (repaired)
      await db.repository.update({ where: { id: app.repositoryId }, data: { url: repoUrl, refs: {}, polledAt: null, pollError: null } });
    return { orgId: existing.id, appId: app?.id, created: false, repaired };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const org = await db.org.create({ data: { slug: "acme", name: "Acme" } });
  for (const u of DEMO_USERS) {
    const user = await db.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name, passwordHash }, update: {} });
    await db.membership.create({ data: { orgId: org.id, userId: user.id, role: u.role } });
  }
  const profiles: Record<string, string> = {};
  for (const p of PROFILES) {
    const profile = await db.deploymentProfile.create({
      data: { orgId: org.id, name: p.name, description: `${p.env} environment`, region: "us-east-1" },
    });
    profiles[p.env] = profile.id;
    await db.parameter.createMany({
      data: [
        { orgId: org.id, scope: "PROFILE", profileId: profile.id, key: "env", value: p.env, description: "Which environment this is" },
        {
          orgId: org.id,
          scope: "PROFILE",
          profileId: profile.id,
          key: "endpoint",
          value: p.endpoint,
          description: "Third-party API endpoint",
        },
        {
          orgId: org.id,
          scope: "PROFILE",
          profileId: profile.id,
          key: "endpoint_api_key",
          secret: true,
          valueCipher: cipher.encrypt(p.key),
          description: "Third-party API key",
        },
      ],
    });
  }
  const repository = await db.repository.create({ data: { url: repoUrl } });
  const app = await db.app.create({
    data: {
      orgId: org.id,
      slug: "workshop",
      name: "workshop",
      repositoryId: repository.id,
      defaultProfileId: profiles.dev,
      stageMappings: {
        create: [
          { stage: "dev", profileId: profiles.dev },
          { stage: "staging", profileId: profiles.staging },
          { stage: "prod", profileId: profiles.prod },
        ],
      },
      services: {
        create: [
          { name: "database", path: "services/database" },
          { name: "restapi", path: "services/restapi", triggerPaths: ["shared/**"] },
          { name: "tasks", path: "services/tasks", triggerPaths: ["shared/**"] },
        ],
      },
    },
  });
  return { orgId: org.id, appId: app.id, created: true, repaired: false };
}
