import type { ReactNode } from "react";
import { CommitLinksProvider } from "@/components/ui/commit-sha";

/** Every page of an app links its commit SHAs to the repository's web UI when it has one. */
export default async function AppLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <CommitLinksProvider slug={slug}>{children}</CommitLinksProvider>;
}
