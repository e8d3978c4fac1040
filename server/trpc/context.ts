import { currentUserId } from "../auth/current-user";
import { appDeps, type AppDeps } from "../composition";
import type { Context } from "./init";

/** A request's context: the process's dependencies, shared by every request (one cipher, one Redis, one runtime client), and who calls. */
export const contextFor = (deps: AppDeps, userId: string | null): Context => ({ ...deps, userId });

export async function createContext(): Promise<Context> {
  return contextFor(appDeps(), await currentUserId());
}
