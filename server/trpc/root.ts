import { router, createCallerFactory } from "./init";
import { appsRouter } from "../api/apps";
import { buildsRouter } from "../api/builds";
import { meRouter } from "../api/me";

export const appRouter = router({
  me: meRouter,
  apps: appsRouter,
  builds: buildsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
