import type { Metadata } from "next";
import { AppsList } from "@/components/apps/apps-list";
import { WaitingBuilds } from "@/components/builds/waiting-builds";

export const metadata: Metadata = { title: "Apps" };

export default function AppsPage() {
  return (
    <>
      <WaitingBuilds />
      <AppsList />
    </>
  );
}
