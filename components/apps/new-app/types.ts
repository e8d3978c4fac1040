import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Out = inferRouterOutputs<AppRouter>;
export type ConnectedRepository = Out["repositories"]["connect"];
export type ConnectionResult = Out["repositories"]["test"];
export type Detection = Out["repositories"]["detect"];
export type DetectedService = Detection["services"][number];
export type CreatedApp = Out["apps"]["create"];

/** A detected service the admin picked, with the settings they may change before creating the app. */
export interface PickedService {
  name: string;
  folder: string;
  sharedPaths: string;
  previews: boolean;
}

export const testIdFor = (folder: string) => (folder || "root").replace(/[^A-Za-z0-9]+/g, "-");
