import { AppParameterSettings } from "@/components/settings/app-parameter-settings";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <AppParameterSettings slug={slug} />;
}
