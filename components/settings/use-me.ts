"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

/** The signed-in member's allowed actions, to show or hide edit controls (the server decides anyway). */
export function useCan() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  return (action: string) => me.data?.allowed.includes(action as never) ?? false;
}

/** The field a mutation's error names (DomainError's field, passed by the tRPC error formatter). */
export function errorFor(error: unknown, field: string): string | null {
  const e = error as { message?: string; data?: { field?: string } } | null;
  if (!e?.message) return null;
  return e.data?.field === field ? e.message : null;
}

/** An error that names no field shown in the form: shown as a form-level message. */
export function formError(error: unknown, fields: string[]): string | null {
  const e = error as { message?: string; data?: { field?: string } } | null;
  if (!e?.message) return null;
  return e.data?.field && fields.includes(e.data.field) ? null : e.message;
}
