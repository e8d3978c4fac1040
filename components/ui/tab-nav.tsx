"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./cn";

export type TabNavItem = {
  href: string;
  label: string;
  /** Active only on an exact path match (use for an "Overview" tab at the section root). */
  exact?: boolean;
};

export function isActivePath(pathname: string, href: string, exact = false): boolean {
  if (pathname === href) return true;
  return !exact && pathname.startsWith(href.endsWith("/") ? href : `${href}/`);
}

/** Route-based tabs (Overview / Builds / Settings): links with aria-current on the active one. */
export function TabNav({ items, label, className }: { items: TabNavItem[]; label: string; className?: string }) {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label={label} className={cn("border-b border-border", className)}>
      <ul className="-mb-px flex items-center gap-1 overflow-x-auto">
        {items.map((item) => {
          const active = isActivePath(pathname, item.href, item.exact);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "focus-ring inline-flex h-9 items-center border-b-2 px-2 text-sm font-medium transition-colors",
                  active ? "border-fg text-fg" : "border-transparent text-fg-subtle hover:text-fg",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
