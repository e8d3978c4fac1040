"use client";

import { useId, useState, type ReactNode } from "react";
import { CircleAlert } from "lucide-react";
import { Button } from "./button";
import { Input } from "./input";
import {
  Dialog,
  DialogBody,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "./dialog";

export type ConfirmDialogProps = {
  /** Element that opens the dialog (rendered asChild), e.g. <Button variant="danger">Delete</Button>. */
  trigger?: ReactNode;
  /** Controlled mode, instead of (or with) a trigger. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button, for destructive actions. */
  danger?: boolean;
  /** User must type this exact text before confirming (e.g. the app name before deleting it). */
  confirmText?: string;
  /** Awaited with the button in a pending state; the dialog closes when it resolves. If it throws,
   * the dialog stays open and shows the error message. */
  onConfirm: () => void | Promise<void>;
  children?: ReactNode;
};

export function ConfirmDialog({
  trigger,
  open: openProp,
  onOpenChange,
  title,
  description,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  danger = false,
  confirmText,
  onConfirm,
  children,
}: ConfirmDialogProps) {
  const [openState, setOpenState] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const open = openProp ?? openState;

  function setOpen(next: boolean) {
    if (pending) return;
    if (!next) {
      setError(null);
      setTyped("");
    }
    setOpenState(next);
    onOpenChange?.(next);
  }

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      setPending(false);
      setTyped("");
      setOpenState(false);
      onOpenChange?.(false);
    } catch (e) {
      setPending(false);
      setError(e instanceof Error ? e.message : "Something went wrong.");
    }
  }

  const blocked = confirmText !== undefined && typed !== confirmText;

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {trigger && <DialogTrigger asChild>{trigger}</DialogTrigger>}
      <DialogContent size="sm" role="alertdialog" showClose={false}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          {description && <DialogDescription>{description}</DialogDescription>}
        </DialogHeader>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!blocked && !pending) void confirm();
          }}
        >
          {(children || confirmText !== undefined || error) && (
            <DialogBody className="flex flex-col gap-3 pb-0">
              {children}
              {confirmText !== undefined && (
                <div className="flex flex-col gap-1.5">
                  <label htmlFor={inputId} className="text-sm text-fg-muted">
                    Type <strong className="font-mono font-semibold text-fg">{confirmText}</strong> to confirm.
                  </label>
                  <Input
                    id={inputId}
                    value={typed}
                    onChange={(e) => setTyped(e.target.value)}
                    autoComplete="off"
                    spellCheck={false}
                    autoFocus
                  />
                </div>
              )}
              {error && (
                <p role="alert" className="flex items-start gap-1.5 text-sm text-danger-700">
                  <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                  {error}
                </p>
              )}
            </DialogBody>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={pending}>
                {cancelLabel}
              </Button>
            </DialogClose>
            <Button type="submit" variant={danger ? "danger" : "primary"} loading={pending} disabled={blocked}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
