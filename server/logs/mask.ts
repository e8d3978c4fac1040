/**
 * Replaces every secret value in a log line with ***, in each form a program is likely to print
 * it: as is; JSON-escaped (`"a\"b"`, a PEM key's `\n`s); base64 and base64url — also where it sits
 * inside a longer base64 text (a Basic auth header, a kubeconfig), at any of the three byte
 * alignments; and line by line, since logs arrive a line at a time and a multi-line secret (a PEM
 * key) never fits in one. Secrets shorter than 3 characters are not masked (they would blank out
 * ordinary text), which is why secret parameters must be longer; the derived forms have longer
 * minimums for the same reason.
 */
const MIN_SECRET = 3;
const MIN_LINE = 8;
const MIN_ENCODED = 8;

export function createMasker(secrets: Iterable<string>): (line: string) => string {
  const values = new Set<string>();
  for (const s of secrets) if (s && s.length >= MIN_SECRET) for (const form of formsOf(s)) values.add(form);
  const sorted = [...values].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (line) => line;
  const pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "g");
  return (line) => line.replace(pattern, "***");
}

/** The printable forms of one secret. */
export function formsOf(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n|\r/)) if (line.trim().length >= MIN_LINE) forms.push(line.trim());
  }
  const bytes = Buffer.from(secret, "utf8");
  if (bytes.length >= 6) {
    for (let offset = 0; offset < 3; offset++) {
      const inner = base64Inner(bytes, offset);
      if (inner.length >= MIN_ENCODED) forms.push(inner, inner.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }
  return forms.filter((f) => f.length >= MIN_SECRET);
}

/**
 * The base64 characters that depend only on the secret's bytes when it starts `offset` bytes into
 * a longer base64-encoded text: the characters shared with neighbouring bytes (and `=` padding)
 * are cut off at both ends.
 */
function base64Inner(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString("base64")
    .replace(/=+$/, "");
  const startBit = offset * 8;
  const endBit = (offset + bytes.length) * 8;
  const first = Math.ceil(startBit / 6);
  const last = Math.floor(endBit / 6) - 1; // the last character whose 6 bits all lie inside the secret
  return encoded.slice(first, last + 1);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
