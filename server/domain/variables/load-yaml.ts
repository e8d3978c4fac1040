import { isScalar, parseDocument, Scalar, visit } from "yaml";

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
  "And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt", "GetAZs", "If", "ImportValue",
  "Join", "Not", "Or", "Select", "Split", "Sub", "Transform", "ValueOf",
];
const LONG_NAMES = new Map<string, string>([
  ["!Ref", "Ref"], ["!Condition", "Condition"], ...FUNCTIONS.map((f): [string, string] => [`!${f}`, `Fn::${f}`]),
]);

function shortTagValue(tag: string, value: unknown): unknown {
  if (tag !== "!GetAtt" || typeof value !== "string") return value;
  // `!GetAtt Res.Attr.Sub` means resource "Res", attribute "Attr.Sub".
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * Rewrites tagged nodes after parsing. Registering the tags with the parser instead costs a lookup
 * on every scalar of the file and doubled the parse time of a 100-function service.
 */
function expandCloudFormationTags(doc: ReturnType<typeof parseDocument>): void {
  visit(doc, {
    Node(_key, node) {
      const tag = (node as { tag?: string }).tag;
      const long = tag && LONG_NAMES.get(tag);
      if (!long) return undefined;
      const value = isScalar(node) ? node.value : node.toJSON();
      return new Scalar({ [long]: shortTagValue(tag, value) });
    },
  });
}

/** Generous for real configs, tiny next to what an alias bomb needs. */
const MAX_ALIAS_COUNT = 1000;

export function loadYaml(text: string, file: string): unknown {
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
    expandCloudFormationTags(doc);
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
