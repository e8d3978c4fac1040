import type { Metadata } from "next";
import { AuthFrame } from "@/components/auth/auth-frame";
import { LinkForm } from "@/components/auth/link-form";

export const metadata: Metadata = { title: "Set a new password" };

export default function ResetPasswordPage() {
  return (
    <AuthFrame title="Set a new password" description="An admin made this one-time link for you.">
      <LinkForm kind="reset" />
    </AuthFrame>
  );
}
