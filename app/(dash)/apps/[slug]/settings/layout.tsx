import type { ReactNode } from "react";
import { AppSettingsShell } from "@/components/settings/app-settings-shell";

export default async function AppSettingsLayout({ params, children }: { params: Promise<{ slug: string }>; children: ReactNode }) {
  const { slug } = await params;
  return <AppSettingsShell slug={slug}>{children}</AppSettingsShell>;
}
