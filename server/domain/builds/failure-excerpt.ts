import { isErrorLine, plainText } from "../../logs/log-lines";

/** Lines that say nothing about why a step failed: npm's boilerplate, blank lines, script echoes, TAP totals. */
const NOISE = [
  /^\s*$/,
  /^npm (ERR!|error)/i,
  /^> /,
  /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/,
  /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\b/,
  // TAP's YAML framing and timings around a failure.
  /^\s*(---|\.\.\.)\s*$/,
  /^\s*(duration_ms|failureType|location):/,
];

/**
 * The meaningful lines a failed step printed, for the build page's banner: from its first error line
 * on (else its last lines), between the step's "▸ name" header and its "✖ name failed" line, without
 * colour codes or npm boilerplate.
 */
export function failureExcerpt(log: string | null, step: string, max = 10): string[] {
  if (!log) return [];
  const raw = log.split("\n");
  const start = raw.findIndex((l) => plainText(l).trim() === `▸ ${step}`);
  if (start < 0) return [];
  let end = raw.findIndex((l, i) => i > start && plainText(l).startsWith(`✖ ${step} failed`));
  if (end < 0) end = raw.length;
  const lines = raw.slice(start + 1, end).filter((l) => !NOISE.some((re) => re.test(plainText(l))));
  const firstError = lines.findIndex(isErrorLine);
  const from = firstError >= 0 ? Math.max(0, Math.min(firstError, lines.length - max)) : Math.max(0, lines.length - max);
  return lines.slice(from, from + max).map((l) => plainText(l).trimEnd());
}
