import { DomainError } from "../errors";

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const MIN_PASSWORD = 10;

/** The rules every account form shares (setup, invite, password change and reset): one message per field. */
export function parseEmail(raw: unknown, field = "email"): string {
  const email = String(raw ?? "")
    .trim()
    .toLowerCase();
  if (!EMAIL_RE.test(email) || email.length > 254) throw new DomainError("BAD_INPUT", "Enter a valid email address.", field);
  return email;
}

export function parseName(raw: unknown, field = "name", what = "a name"): string {
  const name = String(raw ?? "").trim();
  if (!name || name.length > 100) throw new DomainError("BAD_INPUT", `Enter ${what} (at most 100 characters).`, field);
  return name;
}

export function parsePassword(raw: unknown, field = "password"): string {
  const password = String(raw ?? "");
  if (password.length < MIN_PASSWORD) throw new DomainError("BAD_INPUT", `The password needs at least ${MIN_PASSWORD} characters.`, field);
  if (password.length > 200) throw new DomainError("BAD_INPUT", "The password may have at most 200 characters.", field);
  return password;
}

export function parseSlug(raw: unknown, field = "orgSlug"): string {
  const slug = String(raw ?? "")
    .trim()
    .toLowerCase();
  if (!SLUG_RE.test(slug)) throw new DomainError("BAD_INPUT", "Use 1–40 lowercase letters, digits and dashes (not at either end).", field);
  return slug;
}
