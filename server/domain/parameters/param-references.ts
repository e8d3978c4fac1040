import { mayHoldVariables, parseValue, type Part, type SourceNode, VariableSyntaxError } from "../variables/parse-variables";

export interface ParamReference {
  key: string;
  /** Where in the file, e.g. `provider.environment.APP_ENV`. */
  at: string;
  /** `${param:x, 'fallback'}`: the variable itself says what to use when no level has it. */
  hasFallback: boolean;
}

/**
 * Every `${param:key}` a serverless.yml (already loaded) refers to, nested ones included
 * (`${output::${param:env}::db.name}`), parsed with the resolver's own parser. A key that is built
 * from another variable (`${param:${opt:x}}`) cannot be checked before a build and is left out.
 */
export function paramReferences(config: unknown): ParamReference[] {
  const out = new Map<string, ParamReference>();
  const visit = (value: unknown, at: string[]) => {
    if (typeof value === "string") {
      if (!mayHoldVariables(value)) return;
      let parts: Part[];
      try {
        parts = parseValue(value);
      } catch (e) {
        if (e instanceof VariableSyntaxError) return; // the build reports syntax errors with line and column
        throw e;
      }
      collect(parts, at.join("."), out);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...at, String(i)]));
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        // The file's own `params:` block is a source of values, not a consumer of them.
        if (at.length === 0 && k === "params") continue;
        visit(v, [...at, k]);
      }
    }
  };
  visit(config, []);
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function collect(parts: Part[], at: string, out: Map<string, ParamReference>) {
  for (const part of parts) {
    if (part.kind !== "variable") continue;
    part.sources.forEach((source, i) => {
      const hasFallback = i < part.sources.length - 1;
      inner(source, at, out);
      if (source.kind !== "typed" || source.type !== "param" || !source.address) return;
      if (!source.address.every((p) => p.kind === "text")) return;
      const key = source.address
        .map((p) => (p.kind === "text" ? p.text : ""))
        .join("")
        .trim();
      if (!key) return;
      const prev = out.get(key);
      // A key used once without a fallback must exist: that use decides.
      if (!prev || (prev.hasFallback && !hasFallback)) out.set(key, { key, at, hasFallback });
    });
  }
}

function inner(source: SourceNode, at: string, out: Map<string, ParamReference>) {
  if (source.kind !== "typed") return;
  if (source.address) collect(source.address, at, out);
  for (const p of source.params ?? []) if (p.kind === "template") collect(p.parts, at, out);
}

/** The file's own values: `params.<stage>.<key>` and `params.default.<key>` (v3's stage parameters). */
export function fileParams(config: unknown, stage: string): { stage: Set<string>; default: Set<string> } {
  const params = (config as { params?: Record<string, unknown> } | null)?.params;
  const keys = (v: unknown) =>
    new Set(
      v && typeof v === "object"
        ? Object.entries(v)
            .filter(([, x]) => x !== null && x !== undefined)
            .map(([k]) => k)
        : [],
    );
  return { stage: keys(params?.[stage]), default: keys(params?.default) };
}
