export interface ResolutionFailure {
  /** Property path with keys joined by "." (`functions.hello.events.0.s3`); "" for the whole file. */
  path: string;
  reason: string;
}

export function formatFailure(failure: ResolutionFailure): string {
  return `Cannot resolve variable at "${failure.path}": ${failure.reason}`;
}

/**
 * The one error `resolveConfig` throws. Like Serverless v3 it reports every failing property at once,
 * one "Cannot resolve variable at ..." line each, so a user fixes them all in one pass.
 */
export class ResolutionError extends Error {
  readonly file: string;
  readonly failures: ResolutionFailure[];

  constructor(file: string, failures: ResolutionFailure[], message?: string) {
    super(message ?? failures.map(formatFailure).join("\n"));
    this.name = "ResolutionError";
    this.file = file;
    this.failures = failures;
  }
}

// Internal signals. They never leave the resolver: resolve-config turns them into ResolutionFailures.

/** A property cannot be resolved; `reason` is what the user reads. */
export class PropertyFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The property depends on another property that failed. v3 reports only the root cause, so the
 * dependent property stays silent.
 */
export class DependencyFailure extends Error {
  constructor(readonly dependency: string) {
    super(`depends on "${dependency}", which cannot be resolved`);
  }
}

/** Properties (dot paths) that reference each other in a loop, in the order they were entered. */
export class CycleFailure extends Error {
  constructor(readonly members: string[]) {
    super(describeCycle(members));
  }
}

export function describeCycle(members: string[]): string {
  if (members.length === 1) return `Circular reference. "${members[0]}" refers to itself`;
  const quoted = [...members].reverse().map((m) => `"${m}"`);
  return `Circular reference among ${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)} properties`;
}

/**
 * A `${param:}`/`${output:}` used where v3 resolves before those sources exist (service name, stage,
 * plugins...). Unwinds the whole property: no fallback applies, exactly like v3.
 */
export class NotAccessibleYet extends Error {
  constructor(readonly sourceType: string) {
    super(`"${sourceType}" is not available yet`);
  }
}
