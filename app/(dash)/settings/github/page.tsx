import type { Metadata } from "next";
import { GitHubAppSettings } from "@/components/settings/github-app-settings";

export const metadata: Metadata = { title: "GitHub App" };

export default function GitHubAppPage() {
  return <GitHubAppSettings />;
}
