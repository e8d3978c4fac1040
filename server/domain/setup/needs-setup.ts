import type { Db } from "../../db";

/** An install needs setup while nobody can sign in: no user exists yet. */
export async function needsSetup(db: Pick<Db, "user">): Promise<boolean> {
  return (await db.user.count()) === 0;
}
