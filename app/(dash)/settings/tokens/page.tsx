import type { Metadata } from "next";
import { TokensList } from "@/components/settings/tokens-list";

export const metadata: Metadata = { title: "API tokens" };

export default function TokensPage() {
  return <TokensList />;
}
