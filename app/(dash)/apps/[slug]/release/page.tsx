import { ReleaseView } from "@/components/release/release-view";

export default async function ReleasePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <ReleaseView slug={slug} />;
}
