import { AppGeneralSettings } from "@/components/settings/app-general-settings";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <AppGeneralSettings slug={slug} />;
}
