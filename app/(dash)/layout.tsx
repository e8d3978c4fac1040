import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { currentUserId } from "@/server/auth/current-user";
import { getCaller } from "@/server/trpc/server-caller";
import { AppShell, type NavItem } from "@/components/shell/app-shell";
import { Providers } from "@/components/trpc/client";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // A session revoked by a password change has no user: it signs in again too.
  if (!(await currentUserId())) redirect("/login");
  const me = await (await getCaller()).me.get();
  const nav: NavItem[] = [{ href: "/", label: "Apps", exact: true, activePrefixes: ["/apps", "/builds"] }];
  if (me.allowed.includes("profiles.read")) nav.push({ href: "/settings/profiles", label: "Profiles" });
  if (me.allowed.includes("members.read")) nav.push({ href: "/settings/members", label: "Members" });
  if (me.allowed.includes("audit.read")) nav.push({ href: "/settings/audit", label: "Audit log" });
  if (me.allowed.includes("github.read")) nav.push({ href: "/settings/github", label: "GitHub App" });
  nav.push({ href: "/settings/tokens", label: "API tokens" });
  nav.push({ href: "/settings/account", label: "Account" });
  return (
    <Providers>
      <AppShell
        orgName={me.org.name}
        nav={nav}
        user={{ name: me.user.name, email: me.user.email, role: me.role }}
        signOutHref="/api/auth/signout"
        width="wide"
      >
        {children}
      </AppShell>
    </Providers>
  );
}
