"use client";

import { useEffect, useState } from "react";
import { Check, Copy } from "lucide-react";
import { cn } from "./cn";

export type CopyButtonProps = {
  value: string;
  /** Accessible name; also what the button says when `showLabel`. */
  label?: string;
  showLabel?: boolean;
  className?: string;
};

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http self-hosted installs have no Clipboard API.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

export function CopyButton({ value, label = "Copy", showLabel = false, className }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <button
      type="button"
      aria-label={showLabel ? undefined : label}
      onClick={async () => {
        try {
          await writeClipboard(value);
          setCopied(true);
        } catch {
          setCopied(false);
        }
      }}
      className={cn(
        "focus-ring inline-flex h-7 shrink-0 items-center justify-center gap-1.5 rounded-md text-xs font-medium text-fg-subtle transition-colors hover:bg-subtle hover:text-fg",
        showLabel ? "px-2" : "w-7",
        className,
      )}
    >
      {copied ? <Check className="size-3.5 text-success-500" aria-hidden="true" /> : <Copy className="size-3.5" aria-hidden="true" />}
      {showLabel && <span>{copied ? "Copied" : label}</span>}
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied to clipboard" : ""}
      </span>
    </button>
  );
}
