import type { Db } from "../../db";
import { DomainError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/verify-login";
import { parseEmail, parseName, parsePassword, parseSlug } from "../members/account-input";
import { needsSetup } from "./needs-setup";
import { removeSetupToken, setupTokenMatches } from "./setup-token";

export interface SetupInput {
  name: unknown;
  email: unknown;
  password: unknown;
  orgName: unknown;
  orgSlug: unknown;
}

const ALREADY_SET_UP = new DomainError("CONFLICT", "Slipway is already set up: sign in, or ask an admin for an invitation.");

/** Serialises setups across web replicas: whoever takes it second finds a user and is refused. */
const SETUP_LOCK = 0x534c5057; // "SLPW"

/**
 * Creates the first admin and the organisation of an empty install. `token` is the setup token the web
 * process wrote to the data folder; `null` only from the server-side CLI, whose caller already holds the
 * database. Everything is created in one transaction, or nothing; afterwards setup is gone for good.
 */
export async function completeSetup(db: Db, dataDir: string, token: string | null, input: SetupInput) {
  if (!(await needsSetup(db))) throw ALREADY_SET_UP;
  if (token !== null && !(await setupTokenMatches(dataDir, token))) {
    throw new DomainError(
      "FORBIDDEN",
      "That setup token is not right. Copy it from the web app's log or from the setup-token file in the data folder.",
      "token",
    );
  }
  const name = parseName(input.name);
  const email = parseEmail(input.email);
  const password = parsePassword(input.password);
  const orgName = parseName(input.orgName, "orgName", "the organisation's name");
  const orgSlug = parseSlug(input.orgSlug);
  const passwordHash = await hashPassword(password);
  const result = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if (!(await needsSetup(tx))) throw ALREADY_SET_UP;
    if (await tx.org.findUnique({ where: { slug: orgSlug } }))
      throw new DomainError("BAD_INPUT", `An organisation "${orgSlug}" already exists.`, "orgSlug");
    const org = await tx.org.create({ data: { name: orgName, slug: orgSlug } });
    const user = await tx.user.create({ data: { email, name, passwordHash, memberships: { create: { orgId: org.id, role: "ADMIN" } } } });
    await recordAudit(tx, {
      orgId: org.id,
      actorId: user.id,
      action: "install.setup",
      target: `org ${orgSlug}`,
      after: { org: orgName, slug: orgSlug, admin: email },
    });
    return { orgId: org.id, orgSlug, userId: user.id, email };
  });
  await removeSetupToken(dataDir);
  return result;
}
