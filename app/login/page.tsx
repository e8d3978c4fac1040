import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { appDeps } from "@/server/composition";
import { needsSetup } from "@/server/domain/setup/needs-setup";
import { AuthFrame } from "@/components/auth/auth-frame";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  // A session revoked by a password change names no user: it signs in again.
  if ((await getServerSession(authOptions))?.user) redirect("/");
  const { callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  // A database that does not answer still gets the sign-in form (which then says so), not a crash.
  const empty = await needsSetup(appDeps().db).catch(() => false);
  return (
    <AuthFrame title="Sign in to Slipway" description="Deploy previews, staging and prod from git.">
      {empty && (
        <p className="mt-4 rounded-md border border-accent-200 bg-accent-50 px-3 py-2 text-sm text-fg" data-testid="login-needs-setup">
          This install has no admin yet.{" "}
          <Link href="/setup" className="font-medium underline">
            Set up Slipway
          </Link>{" "}
          with the setup token from the web app&apos;s log.
        </p>
      )}
      <LoginForm callbackUrl={safeCallback} />
    </AuthFrame>
  );
}
