"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { isActivePath } from "@/components/ui/tab-nav";

export type NavItem = {
  href: string;
  label: string;
  /** Active only on an exact match (for a root "/" link). */
  exact?: boolean;
  /** More path prefixes that make this item active, e.g. ["/apps", "/builds"] for an "Apps" item at "/". */
  activePrefixes?: string[];
};

function matches(pathname: string, item: NavItem): boolean {
  return isActivePath(pathname, item.href, item.exact) || (item.activePrefixes ?? []).some((prefix) => isActivePath(pathname, prefix));
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname() ?? "";
  // The most specific matching item wins, so /apps/new does not also light up a "/" link.
  const active = items.filter((item) => matches(pathname, item)).sort((a, b) => b.href.length - a.href.length)[0];

  return (
    <ul className="-mx-3 -mb-px flex items-center gap-1 overflow-x-auto">
      {items.map((item) => {
        const current = item === active;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={cn(
                "focus-ring group relative inline-flex h-11 items-center px-1 text-sm transition-colors",
                current ? "font-medium text-fg" : "text-fg-subtle hover:text-fg",
              )}
            >
              <span className="rounded-md px-2 py-1 transition-colors group-hover:bg-subtle">{item.label}</span>
              <span
                aria-hidden="true"
                className={cn("absolute inset-x-1 bottom-0 h-0.5 rounded-full", current ? "bg-fg" : "bg-transparent")}
              />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
