import type { Metadata } from "next";
import { AppSettings } from "@/components/settings/app-settings";

export const metadata: Metadata = { title: "App settings" };

export default async function AppSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <AppSettings slug={slug} />;
}
