/** Where a preview's reviewer page lives in the dashboard (the pull request comment links here). */
export const previewPagePath = (appSlug: string, stage: string) =>
  `/apps/${encodeURIComponent(appSlug)}/previews/${encodeURIComponent(stage)}`;
