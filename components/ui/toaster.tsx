"use client";

import { Toaster as Sonner } from "sonner";

/** Mount once in the root layout; call `toast.success("Saved")` from "sonner" anywhere. */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      toastOptions={{
        classNames: {
          toast: "rounded-lg! border! border-border! bg-surface! text-fg! shadow-pop! font-sans! text-sm!",
          description: "text-fg-muted!",
          actionButton: "bg-fg! text-white!",
          cancelButton: "bg-subtle! text-fg!",
          success: "[&_[data-icon]]:text-success-500!",
          error: "[&_[data-icon]]:text-danger-500!",
          warning: "[&_[data-icon]]:text-warning-500!",
          info: "[&_[data-icon]]:text-info-500!",
        },
      }}
    />
  );
}
