import { mayHoldVariables, parseValue, VariableSyntaxError, type Part, type VariableNode } from "./parse-variables";
import { CycleFailure, DependencyFailure, NotAccessibleYet, PropertyFailure, type ResolutionFailure } from "./resolution-error";

/** What a variable source answers: a value (null/undefined counts as a miss), or a miss with its reason. */
export type SourceResult = { found: true; value: unknown; final: boolean } | { found: false; reason?: string };
export type SourceHandler = (params: unknown[], address: string | undefined) => SourceResult;

export const found = (value: unknown, final = false): SourceResult => ({ found: true, value, final });
export const miss = (reason?: string): SourceResult => ({ found: false, reason });

/** v3's limit on re-resolving strings that sources return (an env var holding `${...}`, and so on). */
const MAX_NEST_DEPTH = 10;

type Tree = Record<string, unknown> | unknown[];
type Segments = string[];
const keyOf = (path: Segments) => path.join("\u0000");
const isObject = (value: unknown): value is Tree => typeof value === "object" && value !== null;

/**
 * Resolves the variables of one configuration tree, lazily and in place. A property (a string
 * holding variables) is resolved when first needed, by the whole-file pass or by a `${self:}`
 * reaching it, so `self` sees resolved values. Everything is synchronous: one stack of properties
 * in progress is what detects cycles.
 */
export class VariableResolver {
  private readonly inProgress = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly doneLeaves = new Set<string>();
  /** Subtrees known to be fully resolved; a `${self:}` copy of one is never resolved again. */
  private readonly finalNodes = new WeakSet<object>();
  private readonly failed = new Map<string, ResolutionFailure & { reported: boolean }>();

  constructor(
    readonly root: Record<string, unknown>,
    private readonly sourceFor: (type: string) => SourceHandler | undefined,
  ) {}

  failures(): ResolutionFailure[] {
    return [...this.failed.values()].filter((f) => f.reported).map(({ path, reason }) => ({ path, reason }));
  }

  hasFailed(path: Segments): boolean {
    return this.failed.has(keyOf(path));
  }

  /** Records a failure found outside a property's own resolution (the "not accessible" rule). */
  fail(path: Segments, reason: string): void {
    this.failed.set(keyOf(path), { path: path.join("."), reason, reported: true });
  }

  /** The fully resolved value at `path`, or undefined when nothing is there (a `self` miss). */
  resolveAt(path: Segments): unknown {
    let node: unknown = this.root;
    let final = false;
    const walked: Segments = [];
    for (const segment of path) {
      if (!isObject(node)) return undefined;
      final ||= this.finalNodes.has(node);
      const child = childOf(node, segment);
      if (child === undefined) return undefined;
      walked.push(segment);
      node = final ? child : this.settle(walked, child);
    }
    return final ? node : this.resolveDeep(walked, node);
  }

  /** The whole-file pass: every property once; failures are recorded, not thrown. */
  resolveAll(node: Tree = this.root, path: Segments = []): void {
    if (this.finalNodes.has(node)) return;
    for (const [segment, child] of Object.entries(node)) {
      path.push(segment);
      try {
        const value = this.settle(path, child);
        if (isObject(value)) this.resolveAll(value, path);
      } catch (error) {
        if (!(error instanceof DependencyFailure || error instanceof CycleFailure)) throw error;
      }
      path.pop();
    }
  }

  private resolveDeep(path: Segments, node: unknown): unknown {
    if (!isObject(node) || this.finalNodes.has(node)) return node;
    for (const [segment, child] of Object.entries(node)) {
      path.push(segment);
      this.resolveDeep(path, this.settle(path, child));
      path.pop();
    }
    this.finalNodes.add(node);
    return node;
  }

  /** A value read from the tree, with its variables resolved if it is a pending property. */
  private settle(path: Segments, value: unknown): unknown {
    if (typeof value !== "string" || !mayHoldVariables(value)) return value;
    const key = keyOf(path);
    if (this.doneLeaves.has(key)) return value;
    return this.resolveProperty(path, key, value);
  }

  private resolveProperty(path: Segments, key: string, raw: string): unknown {
    const known = this.failed.get(key);
    if (known) throw new DependencyFailure(known.path);
    const dotted = path.join(".");
    const entered = this.inProgress.get(key);
    if (entered !== undefined) throw new CycleFailure(this.stack.slice(entered));
    const own = [...path];
    this.inProgress.set(key, this.stack.length);
    this.stack.push(dotted);
    try {
      const { value, final } = this.evaluateString(raw, 0);
      setChild(this.root, own, value);
      this.doneLeaves.add(key);
      if (isObject(value)) {
        if (final) this.finalNodes.add(value);
        // Objects from files or params may hold variables of their own, resolved at their own paths.
        else this.resolveAll(value, own);
      }
      return value;
    } catch (error) {
      throw this.recordFailure(key, dotted, error);
    } finally {
      this.inProgress.delete(key);
      this.stack.pop();
    }
  }

  /** Records why a property failed and returns what its dependents should see. */
  private recordFailure(key: string, dotted: string, error: unknown): Error {
    if (error instanceof NotAccessibleYet) return error; // retried in a later phase
    if (error instanceof CycleFailure && error.members.includes(dotted)) {
      this.failed.set(key, { path: dotted, reason: error.message, reported: true });
      return error;
    }
    if (error instanceof DependencyFailure || error instanceof CycleFailure) {
      this.failed.set(key, { path: dotted, reason: error.message, reported: false });
      return new DependencyFailure(dotted);
    }
    if (error instanceof VariableSyntaxError) error = new PropertyFailure(`Variable syntax error: ${error.message}`);
    if (!(error instanceof PropertyFailure)) throw error;
    this.failed.set(key, { path: dotted, reason: error.reason, reported: true });
    return new DependencyFailure(dotted);
  }

  private evaluateString(raw: string, depth: number): { value: unknown; final: boolean } {
    const parts = parseValue(raw);
    return this.evaluateParts(parts, depth);
  }

  private evaluateParts(parts: Part[], depth: number): { value: unknown; final: boolean } {
    if (parts.length === 1 && parts[0]!.kind === "variable") return this.evaluateVariable(parts[0]!, depth);
    let text = "";
    for (const part of parts) {
      if (part.kind === "text") text += part.text;
      else text += stringify(this.evaluateVariable(part, depth).value);
    }
    return { value: text, final: true };
  }

  private evaluateVariable(variable: VariableNode, depth: number): { value: unknown; final: boolean } {
    let lastType = "";
    let lastReason: string | undefined;
    for (const source of variable.sources) {
      if (source.kind === "literal") return { value: source.value, final: true };
      lastType = source.type;
      const handler = this.sourceFor(source.type);
      if (!handler) throw new PropertyFailure(`Unrecognized configuration variable sources: "${source.type}"`);
      const params = (source.params ?? []).map((p) => (p.kind === "literal" ? p.value : this.evaluateParts(p.parts, depth).value));
      const address = source.address && this.evaluateAddress(source.address, depth);
      const result = handler(params, address);
      if (result.found && result.value !== null && result.value !== undefined) {
        if (typeof result.value !== "string" || result.final || !mayHoldVariables(result.value)) return result;
        if (depth >= MAX_NEST_DEPTH) throw new PropertyFailure("Excessive property variables nest depth");
        return this.evaluateString(result.value, depth + 1);
      }
      lastReason = result.found ? undefined : result.reason;
    }
    throw new PropertyFailure(lastReason ?? `Value not found at "${lastType}" source`);
  }

  private evaluateAddress(parts: Part[], depth: number): string {
    const { value } = this.evaluateParts(parts, depth);
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
    throw new PropertyFailure("Variable address must resolve to a string");
  }
}

/** v3 rebuilds strings with JS String(): arrays join with commas; objects and null are refused. */
function stringify(value: unknown): string {
  if (value === null || (isObject(value) && !Array.isArray(value))) {
    throw new PropertyFailure("String value consist of variable which resolve with non-string value");
  }
  return String(value);
}

function childOf(node: Tree, segment: string): unknown {
  if (Array.isArray(node)) return /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
  return Object.hasOwn(node, segment) ? node[segment] : undefined;
}

function setChild(root: Tree, path: Segments, value: unknown): void {
  let node: Tree = root;
  for (const segment of path.slice(0, -1)) node = childOf(node, segment) as Tree;
  const last = path.at(-1)!;
  if (Array.isArray(node)) node[Number(last)] = value;
  else node[last] = value;
}
