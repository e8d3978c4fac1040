import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";

/**
 * The signed-in user's id, or null (signed out, or a session a password change revoked). Read once
 * per server render: the dashboard layout and the tRPC caller of the same page share one session
 * check instead of decoding the cookie and asking PostgreSQL twice.
 */
export const currentUserId = cache(async (): Promise<string | null> => {
  const session = await getServerSession(authOptions);
  return (session?.user as { id?: string } | undefined)?.id ?? null;
});
