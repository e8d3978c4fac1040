import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { resolveInsideRoot } from "./inside-root";

/**
 * `useDotenv: true`: v3 loads `.env.<stage>` when it exists, else `.env`, from the service folder,
 * expands `${X}` in values, and never overrides a variable the environment already has.
 */
export function loadDotenv(
  serviceDir: string,
  stage: string,
  env: Record<string, string | undefined>,
  rootDir: string = serviceDir,
): Record<string, string | undefined> {
  // The stage is part of a file name: keep it to one plain segment.
  const candidates = /^[\w.-]+$/.test(stage) && !stage.startsWith(".") ? [`.env.${stage}`, ".env"] : [".env"];
  const file = candidates.map((name) => path.join(serviceDir, name)).find((p) => existsSync(p));
  if (!file) return env;
  // A committed `.env` that links outside the checkout (to the worker's own files) is not read.
  if (resolveInsideRoot(rootDir, serviceDir, path.basename(file)).ok !== true) return env;
  const parsed = parseDotenv(readFileSync(file, "utf8"));
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(parsed)) {
    if (merged[key] === undefined) merged[key] = value.expand ? expand(value.text, env, parsed) : value.text;
  }
  return merged;
}

type DotenvValue = { text: string; expand: boolean };

const LINE = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)?\s*$/;

/** The dotenv format: `KEY=value`, quotes, `#` comments; single quotes are taken literally. */
export function parseDotenv(source: string): Record<string, DotenvValue> {
  const result: Record<string, DotenvValue> = {};
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = LINE.exec(lines[i]!);
    if (!match) continue;
    let raw = (match[2] ?? "").trim();
    const quote = raw[0];
    if ((quote === '"' || quote === "'" || quote === "`") && !raw.slice(1).includes(quote)) {
      // A quoted value may span lines until its closing quote.
      while (i + 1 < lines.length && !raw.slice(1).includes(quote)) raw += `\n${lines[++i]}`;
    }
    if (quote === "'" || quote === '"' || quote === "`") {
      const end = raw.indexOf(quote, 1);
      const inner = end < 0 ? raw.slice(1) : raw.slice(1, end);
      const text = quote === '"' ? inner.replace(/\\n/g, "\n").replace(/\\r/g, "\r") : inner;
      result[match[1]!] = { text, expand: quote !== "'" };
    } else {
      result[match[1]!] = { text: raw.replace(/\s+#.*$/, "").trim(), expand: true };
    }
  }
  return result;
}

/** dotenv-expand: `${X}` / `$X` from the environment first, then the file itself; `\$` is a plain `$`. */
function expand(
  text: string,
  env: Record<string, string | undefined>,
  parsed: Record<string, DotenvValue>,
  seen = new Set<string>(),
): string {
  return text.replace(/(\\)?\$(?:\{([\w.-]+)\}|([A-Za-z_]\w*))/g, (whole, escaped, braced, bare) => {
    if (escaped) return whole.slice(1);
    const name = (braced ?? bare) as string;
    if (env[name] !== undefined) return env[name]!;
    const inFile = parsed[name];
    if (!inFile || seen.has(name)) return "";
    return inFile.expand ? expand(inFile.text, env, parsed, new Set([...seen, name])) : inFile.text;
  });
}
