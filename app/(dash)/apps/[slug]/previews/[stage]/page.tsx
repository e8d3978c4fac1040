import { PreviewReview } from "@/components/previews/preview-review";

export default async function PreviewPage({ params }: { params: Promise<{ slug: string; stage: string }> }) {
  const { slug, stage } = await params;
  return <PreviewReview slug={slug} stage={decodeURIComponent(stage)} />;
}
