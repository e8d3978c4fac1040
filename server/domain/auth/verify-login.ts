import bcrypt from "bcryptjs";
import type { Db } from "../../db";

// Compared against when the email is unknown, so timing does not reveal which emails exist.
let dummyHash: string | undefined;

export async function verifyLogin(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await bcrypt.compare(password, user?.passwordHash ?? (dummyHash ??= bcrypt.hashSync("slipway-dummy", 10)));
  return ok && user ? user : null;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 10);
}
