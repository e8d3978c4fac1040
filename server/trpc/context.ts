import { getServerSession } from "next-auth";
import { authOptions } from "../auth/options";
import { appDeps, type AppDeps } from "../composition";
import type { Context } from "./init";

/** A request's context: the process's dependencies, shared by every request (one cipher, one Redis, one runtime client), and who calls. */
export const contextFor = (deps: AppDeps, userId: string | null): Context => ({ ...deps, userId });

export async function createContext(): Promise<Context> {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id ?? null;
  return contextFor(appDeps(), userId);
}
