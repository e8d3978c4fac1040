/**
 * Replaces every secret value in a log line with ***. Secrets shorter than 3 characters are not
 * masked (they would blank out ordinary text), which is why secret parameters must be longer.
 */
export function createMasker(secrets: Iterable<string>): (line: string) => string {
  const values = [...new Set([...secrets].filter((s) => s && s.length >= 3))].sort((a, b) => b.length - a.length);
  if (values.length === 0) return (line) => line;
  const pattern = new RegExp(values.map(escapeRegExp).join("|"), "g");
  return (line) => line.replace(pattern, "***");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
