"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

type Registry = { set(id: string, label: string | null): void };
const Ctx = createContext<Registry | null>(null);

/** What a person is asked before leaving a page with edits nobody saved. */
export function leaveQuestion(labels: string[]) {
  return `You have unsaved changes in ${labels.join(", ")}. Leave without saving?`;
}

/** What a person is asked before a dialog with unsaved edits closes (a click outside it, Escape). */
export function discardQuestion(label: string) {
  return `Discard your unsaved changes to ${label}?`;
}

/**
 * Holds which forms of a page have unsaved edits, and asks before they are lost: closing or
 * reloading the tab (the browser's own prompt), and following a link inside the app (the App Router
 * has no navigation events, so link clicks are caught before Next.js handles them).
 */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const dirty = useRef(new Map<string, string>());
  const [, rerender] = useState(0);
  const registry = useMemo<Registry>(
    () => ({
      set(id, label) {
        const had = dirty.current.has(id);
        if (label) dirty.current.set(id, label);
        else dirty.current.delete(id);
        if (had !== Boolean(label)) rerender((n) => n + 1);
      },
    }),
    [],
  );
  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (dirty.current.size === 0) return;
      e.preventDefault();
      e.returnValue = "";
    };
    const click = (e: MouseEvent) => {
      if (dirty.current.size === 0 || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || a.hasAttribute("download")) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
      if (!window.confirm(leaveQuestion([...new Set(dirty.current.values())]))) {
        e.preventDefault();
        e.stopPropagation();
      } else {
        dirty.current.clear();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, []);
  return <Ctx.Provider value={registry}>{children}</Ctx.Provider>;
}

let nextId = 0;

/** Marks a form as holding unsaved edits while `dirty` is true (`label` names it in the question). */
export function useUnsavedChanges(dirty: boolean, label: string) {
  const registry = useContext(Ctx);
  const id = useRef<string | null>(null);
  if (id.current === null) id.current = `form-${nextId++}`;
  const set = useCallback((on: boolean) => registry?.set(id.current!, on ? label : null), [registry, label]);
  useEffect(() => {
    set(dirty);
  }, [dirty, set]);
  useEffect(() => () => set(false), [set]);
}
