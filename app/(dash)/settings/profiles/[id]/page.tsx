import type { Metadata } from "next";
import { ProfileEditor } from "@/components/settings/profile-editor";

export const metadata: Metadata = { title: "Deployment profile" };

export default async function ProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProfileEditor id={id} />;
}
