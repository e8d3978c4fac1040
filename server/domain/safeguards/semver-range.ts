/**
 * Enough of npm's semver ranges for the framework-version safeguard: `||` alternatives of
 * space-separated comparators (>=, <=, >, <, =), caret, tilde and x-ranges.
 */
type V = [number, number, number];

function parse(v: string): V | null {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(v.trim());
  if (!m) return null;
  return [Number(m[1]), num(m[2]), num(m[3])];
}
const num = (s: string | undefined) => (s === undefined || s === "x" || s === "*" ? 0 : Number(s));
const cmp = (a: V, b: V) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function comparator(version: V, token: string): boolean {
  if (token === "*" || token === "x" || token === "") return true;
  const m = /^(>=|<=|>|<|=|\^|~)?(.+)$/.exec(token);
  if (!m) return false;
  const op = m[1] ?? "";
  const parts = m[2].split(".");
  const target = parse(m[2]);
  if (!target) return false;
  const c = cmp(version, target);
  switch (op) {
    case ">=": return c >= 0;
    case "<=": return c <= 0;
    case ">": return c > 0;
    case "<": return c < 0;
    case "^": {
      const upper: V = target[0] > 0 ? [target[0] + 1, 0, 0] : target[1] > 0 ? [0, target[1] + 1, 0] : [0, 0, target[2] + 1];
      return c >= 0 && cmp(version, upper) < 0;
    }
    case "~": return c >= 0 && cmp(version, [target[0], target[1] + 1, 0]) < 0;
    default: {
      // "3" or "3.x" means any 3.*.*; "3.1" any 3.1.*.
      const fixed = parts.filter((p) => p !== "x" && p !== "*").length;
      return fixed >= 3 ? c === 0 : version.slice(0, fixed).every((n, i) => n === target[i]);
    }
  }
}

export function satisfiesRange(version: string, range: string): boolean {
  const v = parse(version);
  if (!v) return false;
  return range.split("||").some((alt) => alt.trim().split(/\s+/).every((t) => comparator(v, t)));
}
