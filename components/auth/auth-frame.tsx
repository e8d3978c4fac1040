import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";

/** The centred card of the pages people see before they have a session (sign-in, setup, invitation, reset). */
export function AuthFrame({
  title,
  description,
  children,
  wide,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className="flex min-h-dvh items-center justify-center bg-subtle px-4 py-10">
      <div className={wide ? "w-full max-w-md" : "w-full max-w-sm"}>
        <div className="mb-6 flex justify-center">
          <Logo />
        </div>
        <div className="rounded-xl border border-border bg-surface p-6 shadow-sm">
          <h1 className="text-lg font-semibold text-fg">{title}</h1>
          {description && <p className="mt-1 text-sm text-fg-muted">{description}</p>}
          {children}
        </div>
      </div>
    </div>
  );
}
