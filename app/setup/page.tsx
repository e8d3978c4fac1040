import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getEnv } from "@/server/env";
import { announceSetup } from "@/server/setup-announce";
import { setupTokenPath } from "@/server/domain/setup/setup-token";
import { AuthFrame } from "@/components/auth/auth-frame";
import { SetupForm } from "@/components/auth/setup-form";

export const metadata: Metadata = { title: "Set up Slipway" };
export const dynamic = "force-dynamic";

/** Exists only while the install has no user; afterwards it sends everyone to sign in. */
export default async function SetupPage() {
  if (!(await announceSetup("page"))) redirect("/login");
  return (
    <AuthFrame wide title="Set up Slipway" description="Create the first admin and your organisation. Everyone else joins by invitation.">
      <SetupForm tokenFile={setupTokenPath(getEnv().SLIPWAY_DATA_DIR)} />
    </AuthFrame>
  );
}
