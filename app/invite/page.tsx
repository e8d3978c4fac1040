import type { Metadata } from "next";
import { AuthFrame } from "@/components/auth/auth-frame";
import { LinkForm } from "@/components/auth/link-form";

export const metadata: Metadata = { title: "Join Slipway" };

export default function InvitePage() {
  return (
    <AuthFrame title="Join Slipway" description="Set your name and password to accept the invitation.">
      <LinkForm kind="invite" />
    </AuthFrame>
  );
}
