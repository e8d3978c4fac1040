/** What a release row is, in words (the same on the release page, its history and Recent builds). */
export const RELEASE_KIND_LABEL: Record<string, string> = {
  PROMOTE: "promotion",
  ROLLBACK_REVERT: "rollback (revert)",
  ROLLBACK_INSTANT: "instant rollback",
  ROLLBACK_UNDO: "rollback undone",
  ROLLBACK_PERMANENT: "rollback made permanent",
};

export const releaseKindLabel = (kind: string) => RELEASE_KIND_LABEL[kind] ?? kind.toLowerCase().replaceAll("_", " ");
