/**
 * Unprivileged uids/gids for sandboxes, derived from who runs (a build, an app, an instance) so a
 * build log can name its uid, and kept distinct among the sandboxes alive in this process.
 * Two processes (a worker and a runtime) may derive the same id for different owners; that shares
 * nothing, since each sandbox sees only its own folders and its own pid namespace.
 */
const SPAN = 1_000_000;
const byKey = new Map<string, { id: number; holders: number }>();
const taken = new Set<number>();

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface IdLease {
  id: number;
  release(): void;
}

/**
 * uids come from [base, base + SPAN), gids (one per app, shared by its builds so they can share the
 * app's npm cache) from [base + SPAN, base + 2·SPAN). A key holds the same id while leased (the
 * steps of one build, the children of one instance).
 */
export function leaseId(base: number, kind: "uid" | "gid", key: string): IdLease {
  const k = `${kind}:${key}`;
  let entry = byKey.get(k);
  if (!entry) {
    const start = base + (kind === "gid" ? SPAN : 0);
    let slot = fnv1a(k) % SPAN;
    while (taken.has(start + slot)) slot = (slot + 1) % SPAN;
    entry = { id: start + slot, holders: 0 };
    byKey.set(k, entry);
    taken.add(entry.id);
  }
  entry.holders++;
  const held = entry;
  let released = false;
  return {
    id: held.id,
    release() {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      byKey.delete(k);
      taken.delete(held.id);
    },
  };
}
