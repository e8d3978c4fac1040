import type { ReactNode } from "react";
import Link from "next/link";
import { Logo } from "./logo";
import { NavLinks, type NavItem } from "./nav-links";
import { UserMenu, type ShellUser } from "./user-menu";

export type { NavItem, ShellUser };

export type AppShellProps = {
  orgName?: string;
  /** Where the logo/org name link to. */
  homeHref?: string;
  /** Primary navigation; only the items given are rendered (filter by role before passing). */
  nav?: NavItem[];
  user?: ShellUser | null;
  /** Client callback or server action for "Sign out"; otherwise it links to `signOutHref`. */
  onSignOut?: () => void | Promise<void>;
  signOutHref?: string;
  /** Extra controls in the top bar, left of the user menu. */
  actions?: ReactNode;
  children: ReactNode;
  /** Page content width; "full" for log-heavy pages. */
  width?: "default" | "wide" | "full";
};

const WIDTHS = { default: "max-w-6xl", wide: "max-w-7xl", full: "max-w-none" } as const;

/**
 * Top bar (logo, org, user menu) + tab-style primary nav + a centred <main>. A server component;
 * the active link and the user menu are small client islands.
 */
export function AppShell({
  orgName,
  homeHref = "/",
  nav = [],
  user,
  onSignOut,
  signOutHref,
  actions,
  children,
  width = "default",
}: AppShellProps) {
  const container = `mx-auto w-full ${WIDTHS[width]} px-4 sm:px-6`;
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-fg px-3 py-2 text-sm text-white focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-border bg-surface/90 backdrop-blur supports-[backdrop-filter]:bg-surface/80">
        <div className={`${container} flex h-14 items-center gap-3`}>
          <Link href={homeHref} className="focus-ring rounded-md" aria-label="Slipway home">
            <Logo />
          </Link>
          {orgName && (
            <>
              <svg viewBox="0 0 24 24" className="size-5 shrink-0 text-border-strong" aria-hidden="true">
                <path d="M16.5 3.5 7.5 20.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
              </svg>
              <span className="truncate text-sm font-medium text-fg" data-testid="org-name">
                {orgName}
              </span>
            </>
          )}
          <div className="ml-auto flex items-center gap-2">
            {actions}
            {user && <UserMenu user={user} onSignOut={onSignOut} signOutHref={signOutHref} />}
          </div>
        </div>
        {nav.length > 0 && (
          <nav aria-label="Main" className={container}>
            <NavLinks items={nav} />
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1} className={`${container} flex-1 py-8 focus:outline-none`}>
        {children}
      </main>
    </div>
  );
}
