"use client";

import { memo, useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from "react";
import Anser from "anser";
import { ArrowDown, ChevronDown, ChevronUp, CircleAlert, Search } from "lucide-react";
import { cn } from "./cn";
import { isErrorLine, plainText } from "@/server/logs/log-lines";

/** Lines per chunk: a chunk re-renders only when one of its lines changes, and off-screen chunks skip
 * layout and paint (content-visibility), which keeps 10k+ line logs smooth. */
const CHUNK = 200;
const LINE_HEIGHT_PX = 20;

const NAMED = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

type Segment = { text: string; className?: string; style?: CSSProperties };

function xterm256(n: number): string {
  if (n < 232) {
    const i = n - 16;
    const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
    return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
  }
  const l = 8 + (n - 232) * 10;
  return `rgb(${l}, ${l}, ${l})`;
}

/** Anser colour (class-mode) → our CSS class or an inline colour. */
function colour(value: string | null, truecolor: string | null, layer: "fg" | "bg"): { className?: string; css?: string } {
  if (!value) return {};
  if (value === "ansi-truecolor" && truecolor) return { css: `rgb(${truecolor})` };
  const palette = /^ansi-palette-(\d+)$/.exec(value);
  if (palette) {
    const n = Number(palette[1]);
    if (n < 8) return { className: `ansi-${NAMED[n]}-${layer}` };
    if (n < 16) return { className: `ansi-bright-${NAMED[n - 8]}-${layer}` };
    return { css: xterm256(n) };
  }
  return { className: `${value}-${layer}` };
}

const DECORATION_CLASSES: Record<string, string> = {
  bold: "font-bold",
  dim: "opacity-60",
  italic: "italic",
  underline: "underline",
  strikethrough: "line-through",
  hidden: "invisible",
};

function parseLine(raw: string): Segment[] {
  // A progress bar redraws the line with \r: show only what the terminal would finally show.
  let text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  const cr = text.lastIndexOf("\r");
  if (cr >= 0) text = text.slice(cr + 1);
  if (!text.includes("\u001b")) return [{ text }];

  return Anser.ansiToJson(text, { use_classes: true, remove_empty: true }).map((entry) => {
    const fg = colour(entry.fg, entry.fg_truecolor, "fg");
    const bg = colour(entry.bg, entry.bg_truecolor, "bg");
    const classes = [fg.className, bg.className, ...entry.decorations.map((d) => DECORATION_CLASSES[d])].filter(Boolean).join(" ");
    const style: CSSProperties | undefined = fg.css || bg.css ? { color: fg.css, backgroundColor: bg.css } : undefined;
    return { text: entry.content, className: classes || undefined, style };
  });
}

/** Per-line marks, as bits so a chunk can compare them cheaply. */
const ERROR = 1;
const MATCH = 2;
const CURRENT = 4;

type LineProps = { number: number; text: string; mark: number; id?: string };

const LogLine = memo(function LogLine({ number, text, mark, id }: LineProps) {
  const segments = parseLine(text);
  return (
    <div
      data-testid="log-line"
      data-line={number}
      data-error={mark & ERROR ? "true" : undefined}
      data-match={mark & CURRENT ? "current" : mark & MATCH ? "true" : undefined}
      id={id}
      className={cn(
        "flex scroll-mt-8 hover:bg-white/[0.04]",
        mark & ERROR && "bg-red-500/15 shadow-[inset_3px_0_0_var(--color-red-500)]",
        mark & MATCH && "bg-yellow-300/20",
        mark & CURRENT && "bg-yellow-300/40 outline outline-1 outline-yellow-300/70",
      )}
    >
      {/* Drawn by CSS so the number is neither in the line's text nor copied with it. */}
      <span
        aria-hidden="true"
        data-n={number}
        className="sticky left-0 w-[var(--log-gutter)] shrink-0 select-none bg-log-bg pr-4 text-right text-log-gutter before:content-[attr(data-n)]"
      />
      <span className="min-w-0 flex-1 pr-4">
        {segments.map((s, i) =>
          s.className || s.style ? (
            <span key={i} className={s.className} style={s.style}>
              {s.text}
            </span>
          ) : (
            s.text
          ),
        )}
        {segments.length === 0 || (segments.length === 1 && segments[0].text === "") ? "\u200b" : null}
      </span>
    </div>
  );
});

type ChunkProps = { start: number; lines: string[]; marks: number[]; ids: (string | undefined)[]; last: boolean };

const LogChunk = memo(
  function LogChunk({ start, lines, marks, ids, last }: ChunkProps) {
    return (
      <div
        style={
          last
            ? undefined
            : {
                contentVisibility: "auto",
                containIntrinsicWidth: "none",
                containIntrinsicHeight: `auto ${lines.length * LINE_HEIGHT_PX}px`,
              }
        }
      >
        {lines.map((text, i) => (
          <LogLine key={i} number={start + i + 1} text={text} mark={marks[i]} id={ids[i]} />
        ))}
      </div>
    );
  },
  (a, b) =>
    a.start === b.start &&
    a.last === b.last &&
    a.lines.length === b.lines.length &&
    a.lines.every((line, i) => line === b.lines[i] && a.marks[i] === b.marks[i] && a.ids[i] === b.ids[i]),
);

export type LogViewProps = {
  lines: string[];
  /** Keep scrolled to the newest line while the reader is at the bottom (default true). */
  follow?: boolean;
  /** Wrap long lines (default true); otherwise scroll horizontally. */
  wrap?: boolean;
  /** Shown when there are no lines yet. */
  emptyMessage?: ReactNode;
  /** Accessible name of the log region. */
  label?: string;
  /** Size the viewer here (default h-[32rem]). */
  className?: string;
  /** A search box, error highlighting and "jump to first error" above the log (default false). */
  tools?: boolean;
  /** An element id for some lines (e.g. a build step's header), so `#id` links scroll to them. Keep it stable. */
  lineId?: (plain: string) => string | undefined;
};

/**
 * Terminal-style, read-only log viewer. Renders ANSI SGR colours as spans (never raw HTML), line
 * numbers that are not copied with the text, and follows new output until the reader scrolls up.
 * With `tools`, error lines are highlighted and a toolbar searches the log and jumps to the first error.
 */
export function LogView({
  lines: latestLines,
  follow = true,
  wrap = true,
  emptyMessage = "Waiting for output…",
  label = "Log output",
  className,
  tools = false,
  lineId,
}: LogViewProps) {
  // A big batch (a finished build's whole log) renders at low priority, so the page stays responsive.
  const lines = useDeferredValue(latestLines);
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const [detached, setDetached] = useState(false);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < LINE_HEIGHT_PX * 1.5;
    atBottomRef.current = atBottom;
    setDetached(!atBottom);
  }, []);

  const scrollToBottom = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottomRef.current = true;
    setDetached(false);
  }, []);

  useLayoutEffect(() => {
    if (follow && atBottomRef.current) scrollToBottom();
  }, [lines.length, follow, scrollToBottom]);

  const [query, setQuery] = useState("");
  const detachedToMatch = useRef(false);
  const [current, setCurrent] = useState(0);
  const plain = useMemo(() => (tools || lineId ? lines.map(plainText) : []), [lines, tools, lineId]);
  const errors = useMemo(() => (tools ? lines.flatMap((l, i) => (isErrorLine(l) ? [i] : [])) : []), [lines, tools]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? plain.flatMap((l, i) => (l.toLowerCase().includes(q) ? [i] : [])) : [];
  }, [plain, query]);
  const ids = useMemo(() => (lineId ? plain.map(lineId) : []), [plain, lineId]);
  const marks = useMemo(() => {
    const m = new Array<number>(lines.length).fill(0);
    for (const i of errors) m[i] |= ERROR;
    for (const i of matches) m[i] |= MATCH;
    if (matches.length) m[matches[Math.min(current, matches.length - 1)]] |= CURRENT;
    return m;
  }, [lines.length, errors, matches, current]);

  const showLine = useCallback((index: number) => {
    const el = scrollRef.current?.querySelector(`[data-line="${index + 1}"]`);
    if (!el) return;
    atBottomRef.current = false;
    setDetached(true);
    el.scrollIntoView({ block: "center" });
  }, []);
  const step = (delta: number) => {
    if (!matches.length) return;
    const next = (current + delta + matches.length) % matches.length;
    setCurrent(next);
    showLine(matches[next]);
  };

  // A link to a line (`/builds/x#log-step-test`) opened before the log arrived: go there once it has.
  const hashDone = useRef(false);
  useLayoutEffect(() => {
    if (hashDone.current || !lineId || typeof window === "undefined" || !window.location.hash) return;
    const target = decodeURIComponent(window.location.hash.slice(1));
    const index = ids.indexOf(target);
    if (index >= 0) {
      hashDone.current = true;
      showLine(index);
    }
  }, [ids, lineId, showLine]);

  const chunks: ChunkProps[] = [];
  for (let start = 0; start < lines.length; start += CHUNK) {
    chunks.push({
      start,
      lines: lines.slice(start, start + CHUNK),
      marks: marks.slice(start, start + CHUNK),
      ids: lineId ? ids.slice(start, start + CHUNK) : [],
      last: start + CHUNK >= lines.length,
    });
  }
  const gutterCh = Math.max(3, String(lines.length).length) + 2;

  const toolbar = tools && (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-800 px-3 py-1.5 text-xs" data-testid="log-tools">
      <label className="flex min-w-0 flex-1 items-center gap-1.5 rounded-md bg-white/[0.06] px-2 focus-within:ring-1 focus-within:ring-accent-500">
        <Search className="size-3.5 shrink-0 text-log-gutter" aria-hidden="true" />
        <span className="sr-only">Search the log</span>
        <input
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(0);
            detachedToMatch.current = false;
          }}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            if (!matches.length) return;
            // The first Enter shows the first match; the next ones step through them.
            if (!detachedToMatch.current) {
              detachedToMatch.current = true;
              showLine(matches[Math.min(current, matches.length - 1)]);
            } else step(e.shiftKey ? -1 : 1);
          }}
          placeholder="Search the log"
          className="h-7 min-w-0 flex-1 bg-transparent text-log-fg outline-none placeholder:text-log-gutter"
          data-testid="log-search"
        />
        {query.trim() && (
          <span className="shrink-0 tabular-nums text-log-gutter" data-testid="log-search-count" aria-live="polite">
            {matches.length ? `${Math.min(current, matches.length - 1) + 1} of ${matches.length}` : "no matches"}
          </span>
        )}
      </label>
      {query.trim() && matches.length > 0 && (
        <span className="flex">
          <button
            type="button"
            onClick={() => step(-1)}
            className="focus-ring rounded p-1 text-log-gutter hover:text-log-fg"
            aria-label="Previous match"
          >
            <ChevronUp className="size-4" aria-hidden="true" />
          </button>
          <button
            type="button"
            onClick={() => step(1)}
            className="focus-ring rounded p-1 text-log-gutter hover:text-log-fg"
            aria-label="Next match"
          >
            <ChevronDown className="size-4" aria-hidden="true" />
          </button>
        </span>
      )}
      {errors.length > 0 && (
        <button
          type="button"
          onClick={() => showLine(errors[0])}
          className="focus-ring inline-flex h-7 items-center gap-1.5 rounded-md bg-red-500/20 px-2 font-medium text-red-200 hover:bg-red-500/30"
          data-testid="log-first-error"
        >
          <CircleAlert className="size-3.5" aria-hidden="true" />
          Jump to first error
          <span className="tabular-nums text-red-300/80">({errors.length})</span>
        </button>
      )}
    </div>
  );

  return (
    <div
      className={cn("relative flex h-[32rem] flex-col overflow-hidden rounded-lg border border-zinc-800 bg-log-bg text-log-fg", className)}
    >
      {toolbar}
      <div
        ref={scrollRef}
        onScroll={onScroll}
        role="log"
        aria-live="off"
        aria-label={label}
        tabIndex={0}
        data-testid="log-view"
        className={cn(
          "min-h-0 flex-1 overflow-auto py-2 font-mono text-[12.5px] leading-5 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent-500",
          wrap ? "whitespace-pre-wrap break-words [overflow-wrap:anywhere]" : "whitespace-pre",
        )}
        style={{ "--log-gutter": `${gutterCh}ch` } as CSSProperties}
      >
        {lines.length === 0 ? (
          <div className="px-4 text-log-gutter">{emptyMessage}</div>
        ) : (
          <div className={wrap ? undefined : "w-max min-w-full"}>
            {chunks.map((chunk) => (
              <LogChunk key={chunk.start} {...chunk} />
            ))}
          </div>
        )}
      </div>
      {follow && detached && lines.length > 0 && (
        <button
          type="button"
          onClick={scrollToBottom}
          className="focus-ring absolute bottom-3 right-4 inline-flex h-7 items-center gap-1.5 rounded-full bg-zinc-100 px-3 text-xs font-medium text-zinc-900 shadow-pop transition-colors hover:bg-white"
        >
          <ArrowDown className="size-3.5" aria-hidden="true" />
          Jump to latest
        </button>
      )}
    </div>
  );
}
