/**
 * Stage names follow the Serverless Framework's rule (letters, digits and hyphens, starting with a
 * letter) and stay short, because they end up in CloudFormation stack and resource names.
 */
export const STAGE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9-]*$/;
export const MAX_STAGE_LENGTH = 40;

export function validateStageName(stage: string): string | null {
  if (!stage) return "A stage name is required.";
  if (stage.length > MAX_STAGE_LENGTH) return `A stage name has at most ${MAX_STAGE_LENGTH} characters.`;
  if (!STAGE_NAME_RE.test(stage)) {
    return "A stage name starts with a letter and holds only letters, digits and hyphens.";
  }
  return null;
}

/**
 * The preview stage of a branch, as the Serverless Dashboard makes it: `feature/ph-api` →
 * `feature-ph-api`. Anything outside [a-z0-9-] becomes a hyphen; runs collapse; a leading digit gets a
 * `b-` prefix; long names are cut and given a short hash so two long branches do not collide.
 * `taken` holds stages already used by other branches: a collision gets a numeric suffix.
 */
export function branchToStage(branch: string, taken: ReadonlySet<string> = new Set()): string {
  let base = branch
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (!base) base = "branch";
  if (!/^[a-z]/.test(base)) base = `b-${base}`;
  if (base.length > MAX_STAGE_LENGTH) {
    base = `${base.slice(0, MAX_STAGE_LENGTH - 7).replace(/-$/, "")}-${shortHash(branch)}`;
  }
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = `${base.slice(0, MAX_STAGE_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function shortHash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36).slice(0, 6).padStart(6, "0");
}
