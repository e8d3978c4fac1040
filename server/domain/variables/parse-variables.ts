/**
 * Parser for Serverless v3 variable syntax. Turns one property value into text and variable parts;
 * the grammar and its quirks (foreign `${AWS::Region}`, escapes, `$${x}`) are described in the
 * corpus SPEC §1. Error texts mirror v3's so users can search them.
 */
export type Part = { kind: "text"; text: string } | VariableNode;
export interface VariableNode {
  kind: "variable";
  raw: string;
  sources: SourceNode[];
}
export type SourceNode = { kind: "literal"; value: unknown } | { kind: "typed"; type: string; params?: Expr[]; address?: Part[] };
/** A source param: a plain value, or text that still holds variables. */
export type Expr = { kind: "literal"; value: unknown } | { kind: "template"; parts: Part[] };

export class VariableSyntaxError extends Error {}

const TYPE_START = /[a-z]/;
const TYPE_CHAR = /[a-zA-Z0-9]/;
const LITERAL_CHAR = /[a-zA-Z0-9.+-]/;
const IS_TYPE = /^[a-z][a-zA-Z0-9]*$/;

/** Cheap pre-check: most config strings have no `${` and need no parsing at all. */
export function mayHoldVariables(value: string): boolean {
  return value.includes("${");
}

export function parseValue(value: string): Part[] {
  return new Parser(value).parseTop();
}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  parseTop(): Part[] {
    const parts: Part[] = [];
    let text = "";
    while (this.pos < this.s.length) {
      const at = this.s.indexOf("${", this.pos);
      if (at < 0) {
        text += this.s.slice(this.pos);
        break;
      }
      text += this.s.slice(this.pos, at);
      // A run of n backslashes before `${`: half of them survive; an odd run escapes the variable.
      let slashes = 0;
      while (text[text.length - 1 - slashes] === "\\") slashes++;
      if (slashes > 0) {
        text = text.slice(0, text.length - slashes) + "\\".repeat(slashes >> 1);
        if (slashes % 2 === 1) {
          text += "${";
          this.pos = at + 2;
          continue;
        }
      }
      if (!this.startsVariable(at + 2)) {
        // Foreign text such as `${AWS::Region}`: kept verbatim, variables nested inside still resolve.
        text += "${";
        this.pos = at + 2;
        continue;
      }
      // v3 counts `$$${x}` as one variable starting at the first `$`, so the extra `$`s vanish.
      if (slashes === 0) text = text.replace(/\$+$/, "");
      if (text) parts.push({ kind: "text", text });
      text = "";
      parts.push(this.parseVariable(at));
    }
    if (text) parts.push({ kind: "text", text });
    return parts;
  }

  /** A lowercase type followed by `:` or `(`; `type::` is CloudFormation-like except for output. */
  private startsVariable(p: number): boolean {
    if (!TYPE_START.test(this.s[p] ?? "")) return false;
    let end = p;
    while (TYPE_CHAR.test(this.s[end] ?? "")) end++;
    const next = this.s[end];
    if (next === "(") return true;
    if (next !== ":") return false;
    return this.s[end + 1] !== ":" || this.s.slice(p, end) === "output";
  }

  /** Parses `${...}` starting at `start` (the `$`); leaves pos after the closing `}`. */
  private parseVariable(start: number): VariableNode {
    this.pos = start + 2;
    const sources: SourceNode[] = [];
    for (let first = true; ; first = false) {
      if (!first) this.skipSpaces();
      const sourceStart = this.pos;
      const c = this.peek();
      if (!first && (c === "'" || c === '"')) {
        const value = this.readQuoted();
        this.skipSpaces();
        if (this.peek() !== "}") this.fail(`Invalid variable source at index ${sourceStart}`);
        sources.push({ kind: "literal", value });
        break;
      }
      if (!LITERAL_CHAR.test(c)) this.fail(`Invalid variable source at index ${sourceStart}`);
      while (LITERAL_CHAR.test(this.peek())) this.pos++;
      const token = this.s.slice(sourceStart, this.pos);
      this.skipSpaces();
      const next = this.peek();
      if (next === "}" && !first) {
        sources.push({ kind: "literal", value: this.parseLiteral(token, sourceStart) });
        break;
      }
      if ((next !== ":" && next !== "(") || !IS_TYPE.test(token)) {
        this.fail(`Invalid variable source at index ${sourceStart}`);
      }
      sources.push(this.parseTypedSource(token, sourceStart));
      this.skipSpaces();
      if (this.peek() === "}") break;
      if (this.peek() !== ",") this.fail(`Invalid variable address at index ${this.pos}`);
      this.pos++;
    }
    this.pos++; // the closing "}"
    return { kind: "variable", raw: this.s.slice(start, this.pos), sources };
  }

  private parseTypedSource(type: string, sourceStart: number): SourceNode {
    const source: SourceNode = { kind: "typed", type };
    if (this.peek() === "(") {
      this.pos++;
      source.params = this.parseParams();
      this.skipSpaces();
    }
    if (this.peek() !== ":") return source;
    this.pos++;
    this.skipSpaces();
    const c = this.peek();
    if (c === "}" || c === ",") return source;
    if (c === "'" || c === '"') {
      source.address = [{ kind: "text", text: this.readQuoted() }];
      return source;
    }
    // Only output addresses use ":" (app:stage:region:service.key); elsewhere v3 rejects it.
    const colonAllowed = type === "output";
    source.address = trimParts(this.readTemplate(",}", colonAllowed ? undefined : sourceStart));
    return source;
  }

  private parseParams(): Expr[] {
    const params: Expr[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      const paramStart = this.pos;
      if (c === ")") break;
      if (c === ",") {
        params.push({ kind: "literal", value: null });
        this.pos++;
        continue;
      }
      if (c === "}") this.fail(`Invalid variable param at index ${paramStart}`);
      if (c === "'" || c === '"') {
        params.push({ kind: "literal", value: this.readQuoted() });
        this.skipSpaces();
      } else {
        const parts = trimParts(this.readTemplate(",)}"));
        params.push(toExpr(parts, (token) => this.parseLiteral(token, paramStart, true)));
      }
      const end = this.peek();
      if (end === ")") break;
      if (end !== ",") this.fail(`Invalid variable param at index ${paramStart}`);
      this.pos++;
    }
    this.pos++; // ")"
    return params;
  }

  /** Unquoted text up to one of `stops`, with nested variables parsed as parts. */
  private readTemplate(stops: string, colonErrorAt?: number): Part[] {
    const parts: Part[] = [];
    let text = "";
    for (;;) {
      const c = this.peek();
      if (stops.includes(c)) break;
      if (c === ":" && colonErrorAt !== undefined) this.fail(`Invalid variable address at index ${colonErrorAt}`);
      if (c === "$" && this.s[this.pos + 1] === "{") {
        if (!this.startsVariable(this.pos + 2)) this.fail(`Invalid variable type at index ${this.pos + 2}`);
        if (text) parts.push({ kind: "text", text });
        text = "";
        parts.push(this.parseVariable(this.pos));
        continue;
      }
      text += c;
      this.pos++;
    }
    if (text) parts.push({ kind: "text", text });
    return parts;
  }

  private readQuoted(): string {
    const start = this.pos;
    const quote = this.s[this.pos++];
    while (this.pos < this.s.length && this.s[this.pos] !== quote) {
      if (quote === '"' && this.s[this.pos] === "\\") this.pos++;
      this.pos++;
    }
    if (this.pos >= this.s.length) this.unterminated();
    this.pos++;
    const slice = this.s.slice(start, this.pos);
    if (quote === "'") return slice.slice(1, -1);
    try {
      return JSON.parse(slice) as string;
    } catch (error) {
      return this.fail(`Invalid string literal at index ${start}: ${(error as Error).message}`);
    }
  }

  private parseLiteral(token: string, at: number, keepText = false): unknown {
    if (token === "true") return true;
    if (token === "false") return false;
    if (token === "null") return null;
    if (token !== "" && !Number.isNaN(Number(token))) return Number(token);
    if (keepText) return token;
    return this.fail(`Invalid literal source "${token}" at index ${at}`);
  }

  /** The current char; running off the end always means an unclosed variable. */
  private peek(): string {
    if (this.pos >= this.s.length) this.unterminated();
    return this.s[this.pos]!;
  }

  private skipSpaces(): void {
    while (this.s[this.pos] === " ") this.pos++;
  }

  private unterminated(): never {
    throw new VariableSyntaxError(`Missing variable closing bracket in ${this.s}`);
  }

  private fail(message: string): never {
    throw new VariableSyntaxError(`${message} in "${this.s}"`);
  }
}

function trimParts(parts: Part[]): Part[] {
  const first = parts[0];
  if (first?.kind === "text") first.text = first.text.trimStart();
  const last = parts.at(-1);
  if (last?.kind === "text") last.text = last.text.trimEnd();
  return parts.filter((p) => p.kind !== "text" || p.text !== "");
}

function toExpr(parts: Part[], literal: (token: string) => unknown): Expr {
  if (parts.every((p) => p.kind === "text")) {
    return { kind: "literal", value: literal(parts.map((p) => (p as { text: string }).text).join("")) };
  }
  return { kind: "template", parts };
}
