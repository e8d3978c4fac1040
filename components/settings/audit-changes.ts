/** What an audit entry changed, field by field, for people rather than as raw JSON. */
export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
}

function flatten(value: unknown, prefix = "", out = new Map<string, string>()): Map<string, string> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, "{}");
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix || value !== undefined) {
    out.set(prefix || "value", value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

/** Changed fields only when both sides exist (an update); every field for a creation or a removal. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = before == null ? new Map<string, string>() : flatten(before);
  const a = after == null ? new Map<string, string>() : flatten(after);
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields.filter((f) => b.get(f) !== a.get(f)).map((field) => ({ field, before: b.get(field), after: a.get(field) }));
}

const LABELS: Record<string, string> = {
  "account.password": "Changed their password",
  "app.deploy": "Deployed a branch",
  "build.approve": "Approved a build",
  "build.cancel": "Cancelled a build",
  "build.override-freeze": "Let a build through a deploy freeze",
  "build.reject": "Rejected a build",
  "build.rerun": "Re-ran a build",
  "install.setup": "Set up Slipway",
  "member.invite": "Invited a member",
  "member.invite.revoke": "Revoked an invitation",
  "member.join": "Joined",
  "member.password.reset": "Reset a member's password",
  "member.remove": "Removed a member",
  "member.role": "Changed a member's role",
  "member.password.reset-link": "Made a password reset link",
  "parameter.create": "Added a parameter",
  "parameter.delete": "Deleted a parameter",
  "parameter.update": "Changed a parameter",
  "parameters.reveal": "Revealed secret parameters",
  "profile.access": "Changed a profile's cloud access",
  "profile.access-test": "Tested a profile's cloud access",
  "profile.create": "Created a profile",
  "profile.delete": "Deleted a profile",
  "profile.safeguards": "Changed a profile's safeguards",
  "profile.update": "Updated a profile",
  "release.promote": "Promoted staging to prod",
  "release.rollback": "Rolled prod back",
  "service.update": "Changed a service's settings",
  "app.pipeline": "Changed the app's pipeline",
  "stage.map": "Mapped a stage to a profile",
  "stage.protect": "Changed a stage's protection rules",
  "stage.unmap": "Removed a stage mapping",
  "token.create": "Created an API token",
  "token.revoke": "Revoked an API token",
};

/** A readable name for an audit action; unknown ones read as their words ("app.delete" → "App delete"). */
export function actionLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const words = action.replace(/[._-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
