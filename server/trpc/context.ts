import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { webDeps } from "../web-deps";
import type { Context } from "./init";

export async function createContext(): Promise<Context> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id ?? null;
  return { ...webDeps(), userId };
}
