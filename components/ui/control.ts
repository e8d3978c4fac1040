/** Shared look of text-like form controls (Input, Textarea, Select). */
export const controlClasses =
  "w-full rounded-md border border-border-strong bg-surface text-sm text-fg shadow-card transition-colors placeholder:text-fg-faint hover:border-zinc-400 focus:border-accent-600 focus:outline-none focus:ring-3 focus:ring-accent-500/20 disabled:cursor-not-allowed disabled:bg-subtle disabled:text-fg-subtle aria-invalid:border-danger-500 aria-invalid:focus:ring-danger-500/20 read-only:bg-subtle";
