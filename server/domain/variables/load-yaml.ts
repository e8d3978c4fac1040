import { parseDocument, type ScalarTag, type CollectionTag, type YAMLMap, type YAMLSeq } from "yaml";

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

function longName(name: string): string {
  return name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
}

function scalarValue(name: string, value: string): unknown {
  if (name !== "GetAtt") return value;
  // `!GetAtt Res.Attr.Sub` means resource "Res", attribute "Attr.Sub".
  const dot = value.indexOf(".");
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function cloudFormationTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const name of ["Ref", "Condition", ...FUNCTIONS]) {
    const key = longName(name);
    tags.push({ tag: `!${name}`, resolve: (value: string) => ({ [key]: scalarValue(name, value) }) });
    for (const collection of ["seq", "map"] as const) {
      tags.push({
        tag: `!${name}`,
        collection,
        resolve: (node: YAMLMap | YAMLSeq) => ({ [key]: node.toJSON() }),
      } as unknown as CollectionTag);
    }
  }
  return tags;
}

const CUSTOM_TAGS = cloudFormationTags();
/** Generous for real configs, tiny next to what an alias bomb needs. */
const MAX_ALIAS_COUNT = 1000;

export function loadYaml(text: string, file: string): unknown {
  let doc;
  try {
    doc = parseDocument(text, { customTags: CUSTOM_TAGS, merge: true, prettyErrors: true });
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
