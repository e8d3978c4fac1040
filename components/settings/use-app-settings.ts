"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

/** The app's settings query, shared by every tab (the shell has loaded it before a tab renders). */
export function useAppSettings(slug: string) {
  const trpc = useTRPC();
  return useQuery(trpc.stages.settings.queryOptions({ appSlug: slug }));
}
