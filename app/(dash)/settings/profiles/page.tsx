import type { Metadata } from "next";
import { ProfilesList } from "@/components/settings/profiles-list";

export const metadata: Metadata = { title: "Deployment profiles" };

export default function ProfilesPage() {
  return <ProfilesList />;
}
