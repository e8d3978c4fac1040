import { AppProtectionSettings } from "@/components/settings/app-settings-tabs";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <AppProtectionSettings slug={slug} />;
}
