import { CORE_SCHEMA, defineMappingTag, defineScalarTag, defineSequenceTag, load, mergeTag, type TagDefinition } from "js-yaml";
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar } from "yaml";

/**
 * YAML as Serverless v3 reads it: CloudFormation short tags become their long form
 * (`!GetAtt A.Arn` → `{"Fn::GetAtt": ["A", "Arn"]}`), `<<` merge keys work, and alias
 * explosions ("billion laughs") are refused instead of exhausting memory.
 */
export class YamlLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    detail: string,
  ) {
    super(line === undefined ? `${file}: ${detail}` : `${file}:${line}:${column}: ${detail}`);
  }
}

const FUNCTIONS = [
  "And",
  "Base64",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAtt",
  "GetAZs",
  "If",
  "ImportValue",
  "Join",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "ValueOf",
];
const LONG_NAMES = new Map<string, string>([
  ["!Ref", "Ref"],
  ["!Condition", "Condition"],
  ...FUNCTIONS.map((f): [string, string] => [`!${f}`, `Fn::${f}`]),
]);

function shortTagValue(tag: string, value: unknown): unknown {
  if (tag !== "!GetAtt" || typeof value !== "string") return value;
  // `!GetAtt Res.Attr.Sub` means resource "Res", attribute "Attr.Sub".
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * Rewrites tagged nodes after parsing, children first, so a tag inside a tagged collection
 * (`!Join ['', [arn, !Ref AWS::Region]]`) is expanded too.
 */
function expandCloudFormationTags(node: unknown): unknown {
  if (isMap(node) || isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isPair(item)) item.value = expandCloudFormationTags(item.value);
      else node.items[i] = expandCloudFormationTags(item) as never;
    });
  }
  const tag = (node as { tag?: string } | null)?.tag;
  const long = tag && LONG_NAMES.get(tag);
  if (!long) return node;
  const value = isScalar(node) ? node.value : (node as { toJSON(): unknown }).toJSON();
  return new Scalar({ [long]: shortTagValue(tag, value) });
}

/** Generous for real configs, tiny next to what an alias bomb needs. */
const MAX_ALIAS_COUNT = 1000;

/** The short tags as js-yaml tags, one per node kind (`!Ref x`, `!Join [a, b]`, `!Sub {…}`). */
function cloudFormationTags(): TagDefinition[] {
  const wrap = (tag: string, long: string) => (value: unknown) => ({ [long]: shortTagValue(tag, value) });
  return [...LONG_NAMES].flatMap(([tag, long]) => {
    const make = wrap(tag, long);
    return [
      defineScalarTag(tag, { resolve: (source) => make(source), identify: () => false }),
      defineSequenceTag<unknown[], unknown>(tag, {
        create: () => [],
        addItem: (items, item) => void items.push(item),
        finalize: make,
        identify: () => false,
      }),
      defineMappingTag<Record<string, unknown>, unknown>(tag, {
        create: () => ({}),
        addPair: (map, key, value) => ((map[String(key)] = value), ""),
        has: (map, key) => Object.hasOwn(map, String(key)),
        keys: () => [],
        get: () => undefined,
        finalize: make,
        identify: () => false,
      }),
    ];
  });
}

const FAST_SCHEMA = CORE_SCHEMA.withTags(mergeTag, cloudFormationTags());

/**
 * The fast path: js-yaml builds plain objects straight from parser events, about 3× faster than
 * the `yaml` document model. It refuses every alias (so no shared subtrees and no alias bombs
 * reach the resolver) and knows no positions; for those files, and for every error, the `yaml`
 * path below decides — with the line and column a person needs.
 */
function loadFast(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: load(text, { schema: FAST_SCHEMA, maxAliases: 0 }) };
  } catch {
    return { ok: false };
  }
}

export function loadYaml(text: string, file: string): unknown {
  const fast = loadFast(text);
  return fast.ok ? fast.value : loadYamlWithPositions(text, file);
}

/** The careful path: aliases (bounded), and errors that name the line and column. */
export function loadYamlWithPositions(text: string, file: string): unknown {
  let doc;
  try {
    doc = parseDocument(text, { merge: true, prettyErrors: true });
  } catch (error) {
    throw new YamlLoadError(file, undefined, undefined, describeCrash(error));
  }
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const detail = /call stack/i.test(error.message) ? "the document is nested too deeply to be read" : error.message;
    throw new YamlLoadError(file, pos?.line, pos?.col, firstLine(detail));
  }
  try {
    doc.contents = expandCloudFormationTags(doc.contents) as typeof doc.contents;
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new YamlLoadError(file, undefined, undefined, describeCrash(error));
  }
}

function describeCrash(error: unknown): string {
  if (error instanceof RangeError) return "the document is nested too deeply to be read";
  return firstLine(error instanceof Error ? error.message : String(error));
}

/** The yaml package appends the position (already in our prefix) and a code excerpt. */
function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
