import { router, createCallerFactory } from "./init";
import { appsRouter } from "../api/apps";
import { buildsRouter } from "../api/builds";
import { meRouter } from "../api/me";
import { profilesRouter } from "../api/profiles";
import { parametersRouter } from "../api/parameters";
import { stagesRouter } from "../api/stages";
import { servicesRouter } from "../api/services";
import { membersRouter } from "../api/members";
import { auditRouter } from "../api/audit";
import { releasesRouter } from "../api/releases";
import { instancesRouter } from "../api/instances";
import { tokensRouter } from "../api/tokens";
import { webhooksRouter } from "../api/webhooks";
import { accountRouter } from "../api/account";
import { localResourcesRouter } from "../api/local-resources";
import { repositoriesRouter } from "../api/repositories";
import { notificationsRouter } from "../api/notifications";
import { githubAppRouter } from "../api/github-app";
import { previewsRouter } from "../api/previews";

export const appRouter = router({
  me: meRouter,
  apps: appsRouter,
  builds: buildsRouter,
  profiles: profilesRouter,
  parameters: parametersRouter,
  stages: stagesRouter,
  services: servicesRouter,
  members: membersRouter,
  audit: auditRouter,
  releases: releasesRouter,
  instances: instancesRouter,
  tokens: tokensRouter,
  webhooks: webhooksRouter,
  account: accountRouter,
  localResources: localResourcesRouter,
  repositories: repositoriesRouter,
  notifications: notificationsRouter,
  githubApp: githubAppRouter,
  previews: previewsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
