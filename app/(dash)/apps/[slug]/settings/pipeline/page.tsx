import { PipelineSettings } from "@/components/settings/pipeline-settings";

export default async function Page({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <PipelineSettings slug={slug} />;
}
