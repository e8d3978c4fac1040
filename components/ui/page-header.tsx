import type { ReactNode } from "react";
import Link from "next/link";
import { ChevronRight } from "lucide-react";
import { cn } from "./cn";
import { DocumentTitle } from "./document-title";

export type Breadcrumb = { label: ReactNode; href?: string };

export type PageHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Ancestors of this page; the last one may omit href. */
  breadcrumbs?: Breadcrumb[];
  /** Buttons on the right. */
  actions?: ReactNode;
  /** Small line under the title: status badge, branch, commit... */
  meta?: ReactNode;
  className?: string;
  /** The tab title's parts, most specific first; by default the breadcrumbs', e.g. ["Build #20", "workshop"]. */
  documentTitle?: string[];
};

/** Breadcrumb labels that are text, last first, without the "Apps" root: [Apps, workshop, Build #20] → [Build #20, workshop]. */
function titleFromBreadcrumbs(breadcrumbs: Breadcrumb[] | undefined): string[] {
  const labels = (breadcrumbs ?? []).map((c) => c.label).filter((l): l is string => typeof l === "string");
  return labels.filter((l, i) => !(i === 0 && l === "Apps" && labels.length > 1)).reverse();
}

export function PageHeader({ title, description, breadcrumbs, actions, meta, className, documentTitle }: PageHeaderProps) {
  const tab = documentTitle ?? titleFromBreadcrumbs(breadcrumbs);
  return (
    <header className={cn("flex flex-col gap-3 pb-6", className)}>
      {tab.length > 0 && <DocumentTitle parts={tab} />}
      {breadcrumbs && breadcrumbs.length > 0 && (
        <nav aria-label="Breadcrumb">
          <ol className="flex flex-wrap items-center gap-1 text-sm text-fg-subtle">
            {breadcrumbs.map((crumb, i) => (
              <li key={i} className="flex items-center gap-1">
                {i > 0 && <ChevronRight className="size-3.5 text-fg-faint" aria-hidden="true" />}
                {crumb.href ? (
                  <Link href={crumb.href} className="focus-ring rounded-sm transition-colors hover:text-fg">
                    {crumb.label}
                  </Link>
                ) : (
                  <span aria-current={i === breadcrumbs.length - 1 ? "page" : undefined}>{crumb.label}</span>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="truncate text-2xl font-semibold tracking-tight text-fg">{title}</h1>
          {description && <p className="text-sm text-fg-subtle">{description}</p>}
          {meta && <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-fg-muted">{meta}</div>}
        </div>
        {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
      </div>
    </header>
  );
}
