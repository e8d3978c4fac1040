import { AppOverview } from "@/components/apps/app-overview";

export default async function AppPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <AppOverview slug={slug} />;
}
