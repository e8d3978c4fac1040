import { StageDetail } from "@/components/apps/stage-detail";

export default async function StagePage({ params }: { params: Promise<{ slug: string; stage: string }> }) {
  const { slug, stage } = await params;
  return <StageDetail slug={slug} stage={decodeURIComponent(stage)} />;
}
