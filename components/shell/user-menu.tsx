"use client";

import { ChevronsUpDown, LogOut } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type ShellUser = { name: string; email?: string | null; role?: string | null };

const ROLE_LABELS: Record<string, string> = {
  ADMIN: "Admin",
  DEVELOPER: "Developer",
  REVIEWER: "Reviewer",
  PRODUCT_OWNER: "Product owner",
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role.charAt(0) + role.slice(1).toLowerCase().replaceAll("_", " ");
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

export type UserMenuProps = {
  user: ShellUser;
  /** Client callback or server action. Without it, "Sign out" links to `signOutHref`. */
  onSignOut?: () => void | Promise<void>;
  signOutHref?: string;
};

export function UserMenu({ user, onSignOut, signOutHref = "/api/auth/signout" }: UserMenuProps) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="focus-ring flex h-8 items-center gap-2 rounded-md pl-1 pr-1.5 text-sm transition-colors hover:bg-subtle data-[state=open]:bg-subtle"
        aria-label={`Account menu for ${user.name}`}
        data-testid="user-menu"
      >
        <span
          aria-hidden="true"
          className="flex size-6 items-center justify-center rounded-full bg-gradient-to-br from-accent-500 to-violet-500 text-[10px] font-semibold text-white"
        >
          {initials(user.name)}
        </span>
        <span className="hidden max-w-40 truncate font-medium text-fg sm:inline">{user.name}</span>
        {user.role && (
          <Badge tone="outline" className="hidden sm:inline-flex">
            {roleLabel(user.role)}
          </Badge>
        )}
        <ChevronsUpDown className="size-3.5 text-fg-faint" aria-hidden="true" />
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-60">
        <DropdownMenuLabel className="flex flex-col gap-0.5 font-normal">
          <span className="truncate text-sm font-medium text-fg">{user.name}</span>
          {user.email && <span className="truncate text-xs text-fg-subtle">{user.email}</span>}
          {user.role && (
            <span className="mt-1">
              <Badge tone="neutral">{roleLabel(user.role)}</Badge>
            </span>
          )}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {onSignOut ? (
          <DropdownMenuItem onSelect={() => void onSignOut()}>
            <LogOut aria-hidden="true" />
            Sign out
          </DropdownMenuItem>
        ) : (
          <DropdownMenuItem asChild>
            <a href={signOutHref}>
              <LogOut aria-hidden="true" />
              Sign out
            </a>
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
