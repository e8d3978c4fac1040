import { signIn } from "next-auth/react";

export interface FormProblem {
  message: string;
  field?: string;
}

/** POSTs JSON to one of the session-less routes; a refusal comes back as `{ problem }` (message, field). */
export async function postJson<T>(
  path: string,
  body: unknown,
): Promise<{ data: T; problem?: undefined } | { data?: undefined; problem: FormProblem }> {
  try {
    const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => null)) as { error?: FormProblem } | null;
    if (!res.ok) return { problem: json?.error ?? { message: `The server answered ${res.status}.` } };
    return { data: json as T };
  } catch {
    return { problem: { message: "Slipway did not answer. Check your connection and try again." } };
  }
}

/** Signs in with what the person just chose, then opens the dashboard (or the sign-in page if that fails). */
export async function signInAndGo(email: string, password: string): Promise<void> {
  const res = await signIn("credentials", { email, password, redirect: false });
  window.location.assign(res && !res.error ? "/" : `/login`);
}

export const fieldError = (p: FormProblem | null, field: string) => (p?.field === field ? p.message : null);
export const formError = (p: FormProblem | null, fields: string[]) => (p && !(p.field && fields.includes(p.field)) ? p.message : null);
