import { createMasker } from "../../logs/mask";

/**
 * Published outputs as a member may read them: every value with the stage's secret parameter values
 * masked, keeping each value's shape (strings stay strings, objects stay objects).
 */
export function maskOutputs(values: Record<string, unknown>, secrets: string[]): Record<string, unknown> {
  const mask = createMasker(secrets);
  const maskValue = (v: unknown): unknown =>
    typeof v === "string" ? mask(v) : v && typeof v === "object" ? JSON.parse(mask(JSON.stringify(v))) : v;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, maskValue(v)]));
}
