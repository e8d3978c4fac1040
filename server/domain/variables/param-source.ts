import { NotAccessibleYet, PropertyFailure } from "./resolution-error";
import { found, miss, type SourceHandler, type VariableResolver } from "./variable-resolver";

export interface ParamLevels {
  /** `--param key=value` */
  cli: Record<string, string>;
  /** Slipway parameters set on the stage being resolved. */
  slipwayStage: Record<string, string>;
  /** Slipway parameters set for the whole service. */
  slipwayService: Record<string, string>;
}

/**
 * `${param:key}` in v3's order, with Slipway in the Dashboard's slots: CLI → the file's
 * `params.<stage>` → Slipway stage params → the file's `params.default` → Slipway service params.
 * The first non-null value wins and keeps its YAML type; there is no deep merge between levels.
 */
export function paramSource(deps: {
  resolver: VariableResolver;
  levels: ParamLevels;
  stage: () => string;
  accessible: () => boolean;
  used: Set<string>;
}): SourceHandler {
  const { resolver, levels } = deps;
  return (_params, name) => {
    if (!deps.accessible()) throw new NotAccessibleYet("param");
    if (!name) throw new PropertyFailure('Missing address argument in variable "param" source');
    deps.used.add(name);
    const stage = deps.stage();
    // Lazy, in order: a later level is never resolved (nor able to fail) once an earlier one answers.
    const lookups: Array<() => { value: unknown; final: boolean }> = [
      () => ({ value: own(levels.cli, name), final: false }),
      () => ({ value: resolver.resolveAt(["params", stage, name]), final: true }),
      () => ({ value: own(levels.slipwayStage, name), final: false }),
      () => ({ value: resolver.resolveAt(["params", "default", name]), final: true }),
      () => ({ value: own(levels.slipwayService, name), final: false }),
    ];
    for (const lookup of lookups) {
      const { value, final } = lookup();
      if (value !== undefined && value !== null) return found(value, final);
    }
    return miss(
      `The param "${name}" cannot be resolved from CLI options, stage params ("params.${stage}" or ` +
        `"params.default") or Slipway parameters of stage "${stage}"`,
    );
  };
}

function own(record: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
